using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;

namespace FlowSdk.Hosting.Tests;

public sealed class DrainTests
{
    [Fact]
    public async Task StopAsync_stops_accepting_then_drains_queued_and_in_flight_work()
    {
        var probe = new Probe { Gated = true };
        var logs = new LogCapture();
        var reports = new ReportCollector();
        var host = await WorkerTestHost.StartAsync(
            s => s.AddSingleton(probe).AddSingleton<IFlowExecutionListener>(reports).AddTestFlow<GatedChannelFlow, Job, Job>(GatedChannelFlow.Definition),
            logs: logs);
        var publisher = host.Services.GetRequiredService<IFlowPublisher<GatedChannelFlow, Job>>();
        Assert.True(publisher.TryPublish(new Job(1)));
        await probe.WhenCount(1);
        Assert.True(publisher.TryPublish(new Job(2)));
        Assert.True(publisher.TryPublish(new Job(3)));

        var stopping = host.StopAsync();
        await logs.WhenLogged("stopping: draining 2 queued");

        Assert.False(publisher.TryPublish(new Job(4)));
        await Assert.ThrowsAsync<InvalidOperationException>(() => publisher.PublishAsync(new Job(5)).AsTask());
        Assert.False(stopping.IsCompleted);
        probe.Release();
        await stopping.WaitAsync(Probe.Timeout);

        Assert.Equal([1, 2, 3], probe.Seen.Cast<Job>().Select(j => j.Id).Order());
        Assert.Equal(3, reports.Reports.Count(r => r.Outcome == FlowOutcome.Completed));
        Assert.Empty(host.Services.GetRequiredService<InMemoryFlowDeadLetterSink>().Snapshot());
        host.Dispose();
    }

    [Fact]
    public async Task Every_webhook_answered_202_before_stop_is_processed()
    {
        var probe = new Probe { Gated = true };
        var host = await WebTestHost.StartAsync(
            s => s.AddSingleton(probe).AddTestFlow<GatedHookFlow, Customer, Customer>(GatedHookFlow.Definition),
            new Dictionary<string, string?> { ["Flows:hook-gated:Capacity"] = "100" });
        var accepted = 0;
        for (var i = 0; i < 20; i++)
        {
            using var response = await host.Client.PostAsJsonAsync("/hooks/gated", new Customer($"{i}", "n", true));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            accepted++;
        }

        await probe.WhenCount(1);
        var stopping = host.App.StopAsync();
        probe.Release();
        await stopping.WaitAsync(Probe.Timeout);

        Assert.Equal(accepted, probe.Count);
        Assert.Equal(accepted, probe.Seen.Cast<Customer>().Select(c => c.Email).Distinct().Count());
        await host.App.DisposeAsync();
        host.Client.Dispose();
    }

    [Fact]
    public async Task Past_the_shutdown_timeout_in_flight_work_is_cancelled_and_queued_work_is_dead_lettered_not_lost()
    {
        var probe = new Probe { Gated = true };
        var letters = new Probe();
        var logs = new LogCapture();
        var host = await WorkerTestHost.StartAsync(
            s => s.AddSingleton(probe).AddSingleton<IFlowDeadLetterSink>(new ProbeSink(letters)).AddTestFlow<GatedChannelFlow, Job, Job>(GatedChannelFlow.Definition),
            shutdownTimeout: TimeSpan.FromMilliseconds(100),
            logs: logs);
        var publisher = host.Services.GetRequiredService<IFlowPublisher<GatedChannelFlow, Job>>();
        Assert.True(publisher.TryPublish(new Job(1)));
        await probe.WhenCount(1);
        Assert.True(publisher.TryPublish(new Job(2)));
        Assert.True(publisher.TryPublish(new Job(3)));

        await host.StopAsync().WaitAsync(Probe.Timeout);
        await letters.WhenCount(3);

        AssertAbandoned(letters, logs, [1, 2, 3], queued: 2);
        Assert.Equal(1, probe.Count);
        host.Dispose();
    }

    [Fact]
    public async Task Past_the_shutdown_timeout_messages_the_consumer_took_and_never_started_are_dead_lettered()
    {
        var probe = new Probe { Gated = true };
        var letters = new Probe();
        var logs = new LogCapture();
        var host = await WorkerTestHost.StartAsync(
            s => s.AddSingleton(probe).AddSingleton<IFlowDeadLetterSink>(new ProbeSink(letters)).AddTestFlow<TakingFlow, Job, Job>(TakingFlow.Definition),
            shutdownTimeout: TimeSpan.FromMilliseconds(100),
            logs: logs);
        var publisher = host.Services.GetRequiredService<IFlowPublisher<TakingFlow, Job>>();
        var runner = host.Services.GetRequiredService<FlowRuntime>().GetRunner("taking");
        Assert.True(publisher.TryPublish(new Job(1)));
        await probe.WhenCount(1);
        for (var id = 2; id <= 21; id++)
        {
            Assert.True(publisher.TryPublish(new Job(id)));
        }

        // Job 1 ends; the consumer takes jobs 2 to 9 at once and starts job 2, which runs until it is cancelled.
        probe.Release();
        await probe.WhenCount(2);
        Assert.Equal(19, runner.QueueDepth); // 3 to 9 taken and not started, 10 to 21 in the channel

        await host.StopAsync().WaitAsync(Probe.Timeout);
        await letters.WhenCount(20);

        AssertAbandoned(letters, logs, Enumerable.Range(2, 20), queued: 19);
        Assert.Equal([1, 2], probe.Seen.Cast<Job>().Select(j => j.Id));
        host.Dispose();
    }

    [Fact]
    public async Task Past_the_shutdown_timeout_messages_two_consumers_took_and_never_started_are_dead_lettered()
    {
        var probe = new Probe { Gated = true };
        var letters = new Probe();
        var logs = new LogCapture();
        var host = await WorkerTestHost.StartAsync(
            s => s.AddSingleton(probe).AddSingleton<IFlowDeadLetterSink>(new ProbeSink(letters)).AddTestFlow<SharingFlow, Job, Job>(SharingFlow.Definition),
            shutdownTimeout: TimeSpan.FromMilliseconds(100),
            logs: logs);
        var publisher = host.Services.GetRequiredService<IFlowPublisher<SharingFlow, Job>>();
        var runner = host.Services.GetRequiredService<FlowRuntime>().GetRunner("sharing");
        Assert.True(publisher.TryPublish(new Job(1)));
        Assert.True(publisher.TryPublish(new Job(2)));
        await probe.WhenSeen(new Job(1), new Job(2));
        for (var id = 3; id <= 22; id++)
        {
            Assert.True(publisher.TryPublish(new Job(id)));
        }

        // Jobs 1 and 2 end; each consumer takes up to 4 at once (an eighth of 64, halved), and runs what it can until
        // both run job 3 or 4 until cancelled. Whoever took 3 took at least two more behind it, and they wait.
        probe.Release();
        await probe.WhenSeen(new Job(3), new Job(4));
        var ran = probe.Seen.Cast<Job>().Select(j => j.Id).ToHashSet();
        var waiting = Enumerable.Range(5, 18).Where(id => !ran.Contains(id)).ToList();
        Assert.InRange(waiting.Count, 2, 18);
        Assert.Equal(waiting.Count, runner.QueueDepth);

        await host.StopAsync().WaitAsync(Probe.Timeout);
        await letters.WhenCount(waiting.Count + 2);

        AssertAbandoned(letters, logs, waiting.Append(3).Append(4).Order(), queued: waiting.Count);
        Assert.Equal(ran, probe.Seen.Cast<Job>().Select(j => j.Id).ToHashSet());
        host.Dispose();
    }

    /// <summary>
    /// The messages <paramref name="ids"/> were dead-lettered as abandoned, and the drain timeout's log counted
    /// <paramref name="queued"/> of them as queued (the rest were running).
    /// </summary>
    private static void AssertAbandoned(Probe letters, LogCapture logs, IEnumerable<int> ids, int queued)
    {
        var dead = letters.Seen.Cast<FlowDeadLetter>().ToList();
        Assert.Equal(ids, dead.Select(l => ((Job)l.Payload!).Id).Order());
        Assert.All(dead, l => Assert.IsType<FlowAbandonedException>(l.Exception));
        Assert.Contains(logs.Lines, l => l.Contains($"in-flight executions cancelled, {queued} queued message(s) sent to the dead-letter sink", StringComparison.Ordinal));
    }

    private sealed class ProbeSink(Probe letters) : IFlowDeadLetterSink
    {
        public ValueTask WriteAsync(FlowDeadLetter letter, CancellationToken cancellationToken)
        {
            letters.Record(letter);
            return ValueTask.CompletedTask;
        }
    }
}
