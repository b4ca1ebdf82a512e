using FlowSdk.Hosting;

namespace FlowSdk.Instances.Hosting.Tests;

public sealed class InstanceLanesTests
{
    private static InstanceLanes<string> Fill(int maxRunning, params (string Instance, int Count)[] queued)
    {
        var lanes = new InstanceLanes<string>(maxRunning, capacityPerInstance: 0);
        foreach (var (instance, count) in queued)
        {
            for (var i = 0; i < count; i++)
            {
                Assert.True(lanes.TryReserve(instance));
                lanes.Add(instance, $"{instance}{i}");
            }
        }

        return lanes;
    }

    [Fact]
    public async Task Lanes_are_served_one_message_per_instance_per_round_in_arrival_order()
    {
        var lanes = Fill(0, ("a", 5), ("b", 2), ("c", 1));

        var order = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            var taken = await lanes.TakeAsync(CancellationToken.None);
            order.Add(taken.Item);
            lanes.Release(taken.Lane);
        }

        Assert.Equal(["a0", "b0", "c0", "a1", "b1", "a2", "a3", "a4"], order);
        Assert.Equal(0, lanes.Queued);
    }

    [Fact]
    public async Task A_lane_at_its_cap_waits_while_other_lanes_are_served_and_comes_back_when_released()
    {
        var lanes = Fill(1, ("a", 3), ("b", 2));

        var a0 = await lanes.TakeAsync(CancellationToken.None);
        var b0 = await lanes.TakeAsync(CancellationToken.None);
        var blocked = lanes.TakeAsync(CancellationToken.None).AsTask();
        Assert.Equal(("a0", "b0"), (a0.Item, b0.Item));
        Assert.False(blocked.IsCompleted);

        lanes.Release(a0.Lane);
        var a1 = await blocked.WaitAsync(Recorder.Timeout);
        Assert.Equal("a1", a1.Item);
    }

    [Fact]
    public void A_full_lane_refuses_a_reservation_and_a_cancelled_one_frees_its_room()
    {
        var lanes = new InstanceLanes<string>(0, capacityPerInstance: 2);
        Assert.True(lanes.TryReserve("a"));
        Assert.True(lanes.TryReserve("a"));
        Assert.False(lanes.TryReserve("a"));
        Assert.True(lanes.TryReserve("b"));
        lanes.CancelReservation("a");
        Assert.True(lanes.TryReserve("a"));
    }

    [Fact]
    public async Task Taking_waits_for_a_message_and_gives_up_when_cancelled()
    {
        var lanes = new InstanceLanes<string>(0, 0);
        using var cancel = new CancellationTokenSource();
        var waiting = lanes.TakeAsync(cancel.Token).AsTask();
        Assert.False(waiting.IsCompleted);
        Assert.True(lanes.TryReserve("a"));
        lanes.Add("a", "a0");
        Assert.Equal("a0", (await waiting.WaitAsync(Recorder.Timeout)).Item);

        var cancelled = lanes.TakeAsync(cancel.Token).AsTask();
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
    }
}
