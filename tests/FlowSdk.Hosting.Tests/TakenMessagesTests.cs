using System.Threading.Channels;

namespace FlowSdk.Hosting.Tests;

/// <summary>Consumers sharing a taken batch, driven one step at a time on a real channel.</summary>
public sealed class TakenMessagesTests
{
    [Fact]
    public async Task A_consumer_whose_wait_began_after_another_took_the_channels_messages_into_the_shared_batch_does_not_sleep()
    {
        var channel = Channel.CreateBounded<int>(8);
        var taken = new TakenMessages<int>(4, shared: true);
        var idle = new IdleWait<int>();

        // Consumer A finds nothing. Before it waits, three messages come and consumer B takes them all, starting one.
        Assert.False(taken.TryTake(channel.Reader, out _));
        for (var id = 1; id <= 3; id++)
        {
            Assert.True(channel.Writer.TryWrite(id));
        }

        Assert.True(taken.TryTake(channel.Reader, out var first));
        Assert.Equal(1, first);
        Assert.Equal(0, channel.Reader.Count);

        // The channel is empty, so only the batch tells A there is work: it must not wait for a write that never comes.
        var wait = idle.WaitAsync(channel.Reader, taken);
        Assert.True(wait.IsCompletedSuccessfully);
        Assert.True(await wait);
        Assert.True(taken.TryTake(channel.Reader, out var second));
        Assert.True(taken.TryTake(channel.Reader, out var third));
        Assert.Equal([2, 3], new[] { second, third });

        // Idle again, A waits on the wait it registered before, not on a new one (which would allocate while the
        // channel's reusable waiter is still A's unread one); the next write ends it.
        var before = GC.GetAllocatedBytesForCurrentThread();
        var next = idle.WaitAsync(channel.Reader, taken);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.False(next.IsCompleted);
        Assert.True(channel.Writer.TryWrite(4));
        Assert.True(await next.AsTask().WaitAsync(Probe.Timeout));
        Assert.True(taken.TryTake(channel.Reader, out var fourth));
        Assert.Equal(4, fourth);
    }

    [Fact]
    public async Task An_idle_consumer_waits_for_a_write_and_ends_when_the_channel_completes_empty()
    {
        var channel = Channel.CreateBounded<int>(8);
        var taken = new TakenMessages<int>(4, shared: true);
        var idle = new IdleWait<int>();

        var wait = idle.WaitAsync(channel.Reader, taken);
        Assert.False(wait.IsCompleted);
        Assert.True(channel.Writer.TryWrite(1));
        Assert.True(await wait.AsTask().WaitAsync(Probe.Timeout));
        Assert.True(taken.TryTake(channel.Reader, out _));

        channel.Writer.Complete();
        Assert.False(await idle.WaitAsync(channel.Reader, taken));
    }
}
