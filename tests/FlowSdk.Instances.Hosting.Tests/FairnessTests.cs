using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Xunit.Abstractions;

namespace FlowSdk.Instances.Hosting.Tests;

public sealed class FairnessTests(ITestOutputHelper output)
{
    private const int Flood = 10_000;
    private const int Small = 10;

    [Fact]
    public async Task A_flooding_instance_cannot_starve_a_small_one()
    {
        // History goes to a counter: ten thousand SQLite rows would only slow the host's shutdown. One consumer, so
        // executions finish in the order the lanes hand them out: with two, the consumer holding B's last message can be
        // descheduled on a loaded machine while the other finishes a couple of thousand of A's (seen: 2087).
        await using var host = await InstanceHost.StartAsync(s => s
            .RemoveAll<IExecutionHistory>().AddSingleton<IExecutionHistory>(new CountingHistory())
            .Configure<FlowSdk.Hosting.FlowOptions>("fair", o => o.MaxConcurrency = 1));
        await host.DeployAsync("a", "fair");
        await host.DeployAsync("b", "fair");
        await host.DeployAsync("warm-up", "fair");
        var publisher = host.Services.GetRequiredService<IFlowInstancePublisher<FairFlow, Order>>();
        var recorder = host.Recorder;

        // When B's last message completes, note how many of A's had completed by then.
        var aWhenBDone = -1;
        var bEnqueued = new Stopwatch();
        var released = new Stopwatch();
        TimeSpan bLatency = default, afterRelease = default;
        var bDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        recorder.OnRecord = seen =>
        {
            if (seen.InstanceId == "b" && recorder.Count("b") == Small - 1)
            {
                aWhenBDone = recorder.Count("a");
                bLatency = bEnqueued.Elapsed;
                afterRelease = released.Elapsed;
                bDone.TrySetResult();
            }
        };

        // Warm-up, so the latency below is not the first run's compilation.
        for (var i = 0; i < 200; i++)
        {
            await publisher.PublishAsync("warm-up", new Order(i));
        }

        await recorder.When("warm-up", 200);

        // A's whole backlog is queued before B arrives: the first executions wait at the gate until then.
        recorder.Gate();
        for (var i = 0; i < Flood; i++)
        {
            Assert.True(publisher.TryPublish("a", new Order(i)));
        }

        bEnqueued.Start();
        for (var i = 0; i < Small; i++)
        {
            Assert.True(publisher.TryPublish("b", new Order(i)));
        }

        released.Start();
        recorder.Release();
        await bDone.Task.WaitAsync(Recorder.Timeout);
        await recorder.When("a", Flood);
        var aTotal = released.Elapsed;

        output.WriteLine($"A completed when B's {Small} were done: {aWhenBDone} of {Flood}; B's latency {bLatency.TotalMilliseconds:F1} ms from enqueue ({afterRelease.TotalMilliseconds:F1} ms after the consumers were released); A's whole backlog took {aTotal.TotalMilliseconds:F0} ms");
        Assert.True(aWhenBDone < Flood / 5, $"A had completed {aWhenBDone} of {Flood} when B's last message completed");
        Assert.Equal(Small, recorder.Count("b"));
    }
}
