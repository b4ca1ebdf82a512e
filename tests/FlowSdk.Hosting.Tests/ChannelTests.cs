using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace FlowSdk.Hosting.Tests;

public sealed class ChannelTests
{
    [Fact]
    public async Task Publisher_from_DI_runs_the_flow_with_the_returned_execution_id()
    {
        var probe = new Probe();
        var reports = new ReportCollector();
        using var host = await WorkerTestHost.StartAsync(s => s.AddSingleton(probe).AddSingleton<IFlowExecutionListener>(reports)
            .AddTestFlow<GatedChannelFlow, Job, Job>(GatedChannelFlow.Definition));
        var publisher = host.Services.GetRequiredService<IFlowPublisher<GatedChannelFlow, Job>>();

        var id = await publisher.PublishAsync(new Job(7));

        await reports.WhenCount(1);
        var report = Assert.Single(reports.Reports);
        Assert.Equal(id, report.ExecutionId);
        Assert.Equal(FlowOutcome.Completed, report.Outcome);
        Assert.Equal("gated-channel", report.FlowName);
        Assert.Equal(new Job(7), Assert.Single(probe.Seen));
        await host.StopAsync();
    }

    [Fact]
    public async Task Backpressure_at_capacity_TryPublish_is_false_and_PublishAsync_waits_for_room()
    {
        var probe = new Probe { Gated = true };
        using var host = await WorkerTestHost.StartAsync(s => s.AddSingleton(probe).AddTestFlow<GatedChannelFlow, Job, Job>(GatedChannelFlow.Definition));
        var publisher = host.Services.GetRequiredService<IFlowPublisher<GatedChannelFlow, Job>>();

        Assert.True(publisher.TryPublish(new Job(1)));
        await probe.WhenCount(1); // in flight; the queue (capacity 2) is empty again
        Assert.True(publisher.TryPublish(new Job(2), out var second));
        Assert.NotEqual(Guid.Empty, second);
        Assert.True(publisher.TryPublish(new Job(3)));
        Assert.False(publisher.TryPublish(new Job(4), out var refused));
        Assert.Equal(Guid.Empty, refused);
        var waiting = publisher.PublishAsync(new Job(5)).AsTask();
        Assert.False(waiting.IsCompleted);
        using (var cancel = new CancellationTokenSource())
        {
            var cancelled = publisher.PublishAsync(new Job(6), cancel.Token).AsTask();
            await cancel.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        }

        probe.Release();
        await waiting.WaitAsync(Probe.Timeout);
        await probe.WhenCount(4);
        await host.StopAsync();
        Assert.Equal([1, 2, 3, 5], probe.Seen.Cast<Job>().Select(j => j.Id).Order());
    }

    [Fact]
    public async Task A_publish_waiting_for_room_when_the_host_stops_fails_with_the_flows_stopping_error()
    {
        var probe = new Probe { Gated = true };
        using var host = await WorkerTestHost.StartAsync(s => s.AddSingleton(probe).AddTestFlow<GatedChannelFlow, Job, Job>(GatedChannelFlow.Definition));
        var publisher = host.Services.GetRequiredService<IFlowPublisher<GatedChannelFlow, Job>>();
        Assert.True(publisher.TryPublish(new Job(1)));
        await probe.WhenCount(1);
        Assert.True(publisher.TryPublish(new Job(2)));
        Assert.True(publisher.TryPublish(new Job(3)));
        var waiting = publisher.PublishAsync(new Job(4)).AsTask();
        Assert.False(waiting.IsCompleted);

        var stopping = host.StopAsync();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => waiting.WaitAsync(Probe.Timeout));

        Assert.Equal("Flow 'gated-channel' is stopping and accepts no more messages.", error.Message);
        probe.Release();
        await stopping.WaitAsync(Probe.Timeout);
        Assert.DoesNotContain(new Job(4), probe.Seen.Cast<Job>());
    }

    [Fact]
    public async Task With_one_consumer_the_messages_it_took_count_as_waiting_and_the_waiting_never_exceed_the_capacity()
    {
        var probe = new Probe { Gated = true };
        using var host = await WorkerTestHost.StartAsync(
            s => s.AddSingleton(probe).AddTestFlow<TakingFlow, Job, Job>(TakingFlow.Definition),
            shutdownTimeout: TimeSpan.FromMilliseconds(100));
        var publisher = host.Services.GetRequiredService<IFlowPublisher<TakingFlow, Job>>();
        var runner = host.Services.GetRequiredService<FlowRuntime>().GetRunner("taking");
        Assert.True(publisher.TryPublish(new Job(1)));
        await probe.WhenCount(1);
        var next = 2;
        while (publisher.TryPublish(new Job(next)))
        {
            next++;
        }

        // The consumer takes up to 8 at once (an eighth of 64), so the channel holds 57 while it has taken none.
        Assert.Equal(57, next - 2);
        Assert.Equal(57, runner.QueueDepth);

        // Job 1 ends; the consumer takes 8, starts job 2 (which runs until cancelled) and holds 7: room for 8 more.
        probe.Release();
        await probe.WhenCount(2);
        var accepted = 0;
        while (publisher.TryPublish(new Job(next++)))
        {
            accepted++;
        }

        Assert.Equal(8, accepted);
        Assert.Equal(64, runner.QueueDepth);
        await host.StopAsync().WaitAsync(Probe.Timeout);
    }

    [Fact]
    public async Task With_two_consumers_a_message_that_runs_long_holds_back_none_of_the_messages_taken_with_it()
    {
        var probe = new Probe { Gated = true };
        using var host = await WorkerTestHost.StartAsync(
            s => s.AddSingleton(probe).AddTestFlow<SharingFlow, Job, Job>(SharingFlow.Definition),
            shutdownTimeout: TimeSpan.FromMilliseconds(100));
        var publisher = host.Services.GetRequiredService<IFlowPublisher<SharingFlow, Job>>();
        Assert.True(publisher.TryPublish(new Job(1)));
        Assert.True(publisher.TryPublish(new Job(2)));
        await probe.WhenCount(2);
        foreach (var id in new[] { 3, 5, 6, 7, 8, 9, 10, 11 })
        {
            Assert.True(publisher.TryPublish(new Job(id)));
        }

        // Jobs 1 and 2 end; each consumer takes up to four at once (an eighth of 64, halved). Whichever took job 3 runs it
        // until the host stops; the other runs its own and then, one at a time, the ones taken behind job 3.
        probe.Release();
        await probe.WhenCount(10);
        Assert.Equal(Enumerable.Range(1, 11).Where(id => id != 4), probe.Seen.Cast<Job>().Select(j => j.Id).Order());
        Assert.Equal(0, host.Services.GetRequiredService<FlowRuntime>().GetRunner("sharing").QueueDepth);
        await host.StopAsync().WaitAsync(Probe.Timeout);
    }

    [Fact]
    public async Task Three_consumers_taking_batches_and_from_each_other_run_every_message_of_bursts_and_of_a_flood_exactly_once()
    {
        // Bursts of 1 to 40 messages, each run to the end before the next, so the consumers go idle, wait, refill their
        // batches (2 at most each, an eighth of 64 shared by three) and take from each other's hundreds of times.
        var probe = new Probe();
        using var host = await WorkerTestHost.StartAsync(s => s.AddSingleton(probe).AddTestFlow<YieldingFlow, Job, Job>(YieldingFlow.Definition));
        var publisher = host.Services.GetRequiredService<IFlowPublisher<YieldingFlow, Job>>();
        var runner = host.Services.GetRequiredService<FlowRuntime>().GetRunner("yielding");
        var sizes = new Random(14);
        var published = 0;
        for (var burst = 0; burst < 300; burst++)
        {
            for (var size = sizes.Next(1, 41); size > 0; size--)
            {
                await publisher.PublishAsync(new Job(published++));
            }

            await probe.WhenCount(published);
        }

        // Then one flood, so the consumers refill and take from each other's batches at the same moments.
        for (var flood = 0; flood < 50_000; flood++)
        {
            await publisher.PublishAsync(new Job(published++));
        }

        await probe.WhenCount(published);
        Assert.Equal(Enumerable.Range(0, published), probe.Seen.Cast<Job>().Select(j => j.Id).Order());
        Assert.Equal(0, runner.QueueDepth);
        await host.StopAsync();
    }

    [Fact]
    public async Task MaxConcurrency_from_the_attribute_is_honoured()
    {
        var probe = new Probe { Gated = true };
        using var host = await WorkerTestHost.StartAsync(s => s.AddSingleton(probe).AddTestFlow<ConcurrencyFlow, Job, Job>(ConcurrencyFlow.Definition));
        var publisher = host.Services.GetRequiredService<IFlowPublisher<ConcurrencyFlow, Job>>();

        for (var i = 0; i < 10; i++)
        {
            Assert.True(publisher.TryPublish(new Job(i)));
        }

        await probe.WhenCount(3);
        var runner = host.Services.GetRequiredService<FlowRuntime>().GetRunner("concurrency");
        Assert.Equal(3, runner.InFlight);
        Assert.Equal(7, runner.QueueDepth);
        probe.Release();
        await probe.WhenCount(10);
        Assert.Equal(3, probe.Peak);
        await host.StopAsync();
    }

    [Fact]
    public async Task Configuration_overrides_capacity_and_concurrency()
    {
        var probe = new Probe { Gated = true };
        using var host = await WorkerTestHost.StartAsync(
            s => s.AddSingleton(probe).AddTestFlow<ConcurrencyFlow, Job, Job>(ConcurrencyFlow.Definition),
            new Dictionary<string, string?> { ["Flows:concurrency:MaxConcurrency"] = "2", ["Flows:concurrency:Capacity"] = "3" });
        var publisher = host.Services.GetRequiredService<IFlowPublisher<ConcurrencyFlow, Job>>();

        var accepted = Enumerable.Range(0, 10).Count(i => publisher.TryPublish(new Job(i)));
        await probe.WhenCount(2);
        accepted += Enumerable.Range(10, 10).Count(i => publisher.TryPublish(new Job(i)));

        Assert.Equal(5, accepted); // two in flight plus three queued, however the consumers raced the first loop
        probe.Release();
        await probe.WhenCount(5);
        Assert.Equal(2, probe.Peak);
        var options = host.Services.GetRequiredService<IOptionsMonitor<FlowOptions>>().Get("concurrency");
        Assert.Equal(2, options.MaxConcurrency);
        Assert.Equal(3, options.Capacity);
        await host.StopAsync();
    }

    [Fact]
    public async Task Code_configuration_overrides_attributes_and_configuration()
    {
        using var host = await WorkerTestHost.StartAsync(
            s =>
            {
                s.Configure<FlowOptions>("concurrency", o => o.MaxConcurrency = 5);
                s.AddSingleton(new Probe()).AddTestFlow<ConcurrencyFlow, Job, Job>(ConcurrencyFlow.Definition);
            },
            new Dictionary<string, string?> { ["Flows:concurrency:MaxConcurrency"] = "2" });

        var runner = host.Services.GetRequiredService<FlowRuntime>().GetRunner("concurrency");

        Assert.Equal(5, runner.Options.MaxConcurrency);
        Assert.Equal(64, runner.Options.Capacity);
        await host.StopAsync();
    }

    [Theory]
    [InlineData("Capacity", "0", "Capacity must be at least 1")]
    [InlineData("MaxConcurrency", "many", "is not an integer")]
    [InlineData("Retry:MaxAttempts", "0", "MaxAttempts must be at least 1")]
    public async Task Invalid_configuration_fails_at_start_naming_the_flow_and_setting(string key, string value, string message)
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => WorkerTestHost.StartAsync(
            s => s.AddSingleton(new Probe()).AddTestFlow<ConcurrencyFlow, Job, Job>(ConcurrencyFlow.Definition),
            new Dictionary<string, string?> { [$"Flows:concurrency:{key}"] = value }));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Contains("concurrency", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publishing_to_a_flow_without_a_channel_trigger_is_refused_clearly()
    {
        using var host = await WorkerTestHost.StartAsync(s => s.AddSingleton(new Probe()).AddTestFlow<TypedHookFlow, Customer, Customer>(TypedHookFlow.Definition));

        var error = Assert.Throws<InvalidOperationException>(() => host.Services.GetRequiredService<IFlowPublisher<TypedHookFlow, Customer>>());

        Assert.Contains("[ChannelTrigger]", error.Message, StringComparison.Ordinal);
        await host.StopAsync();
    }

    [Fact]
    public async Task Generated_AddFlows_registers_the_hosting_runtime_once()
    {
        var services = new ServiceCollection();
        services.AddSingleton(new Probe()).AddSingleton(new AllocCounter());

        FlowSdk_Hosting_TestsFlowServiceCollectionExtensions.AddFlows(services);
        FlowSdk_Hosting_TestsFlowServiceCollectionExtensions.AddFlows(services);

        Assert.Single(services, d => d.ServiceType == typeof(FlowRuntime));
        Assert.Equal(2, services.Count(d => d.ServiceType == typeof(IHostedService)));
        await using var provider = services.BuildServiceProvider();
        var runtime = provider.GetRequiredService<FlowRuntime>();
        Assert.Contains(runtime.Runners, r => r.Definition.Name == "alloc-five");
        Assert.Equal(runtime.Runners.Count, runtime.Runners.Select(r => r.Definition.Name).Distinct().Count());
    }
}
