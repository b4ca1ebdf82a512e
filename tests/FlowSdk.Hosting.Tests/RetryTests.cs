using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace FlowSdk.Hosting.Tests;

public sealed class RetryTests
{
    private static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static Task<Microsoft.Extensions.Hosting.IHost> Start(Probe probe, ReportCollector reports, IDictionary<string, string?>? configuration = null) =>
        WorkerTestHost.StartAsync(
            s => s.AddSingleton(probe).AddSingleton<IFlowExecutionListener>(reports).AddTestFlow<PoisonFlow, Job, Job>(PoisonFlow.Definition),
            configuration);

    [Fact]
    public async Task A_transient_failure_is_retried_until_it_succeeds()
    {
        var probe = new Probe();
        var reports = new ReportCollector();
        using var host = await Start(probe, reports);
        var publisher = host.Services.GetRequiredService<IFlowPublisher<PoisonFlow, Job>>();

        await publisher.PublishAsync(new Job(100));

        await reports.WhenCount(1);
        var report = Assert.Single(reports.Reports);
        Assert.Equal(FlowOutcome.Completed, report.Outcome);
        Assert.Equal(3, report.Attempts);
        Assert.Equal(3, host.Services.GetRequiredService<PoisonFlow>().FlakyAttempts);
        Assert.Empty(host.Services.GetRequiredService<InMemoryFlowDeadLetterSink>().Snapshot());
        await host.StopAsync();
    }

    [Fact]
    public async Task A_poison_message_is_retried_then_dead_lettered_and_the_flow_goes_on()
    {
        var probe = new Probe();
        var reports = new ReportCollector();
        using var host = await Start(probe, reports);
        var publisher = host.Services.GetRequiredService<IFlowPublisher<PoisonFlow, Job>>();

        var poisonId = await publisher.PublishAsync(new Job(-1));
        await publisher.PublishAsync(new Job(1));
        await publisher.PublishAsync(new Job(2));

        await reports.WhenCount(3);
        await probe.WhenCount(2);
        var letter = Assert.Single(host.Services.GetRequiredService<InMemoryFlowDeadLetterSink>().Snapshot());
        Assert.Equal("poison", letter.FlowName);
        Assert.Equal(poisonId, letter.ExecutionId);
        Assert.Equal("Check", letter.FailedStep);
        Assert.Equal(new Job(-1), letter.Payload);
        Assert.Equal(3, letter.Attempts);
        Assert.IsType<InvalidOperationException>(letter.Exception);
        Assert.Equal(FlowOutcome.Failed, reports.Reports.Single(r => r.ExecutionId == poisonId).Outcome);
        await host.StopAsync();
    }

    [Fact]
    public async Task Configuration_overrides_the_retry_attribute()
    {
        var probe = new Probe();
        var reports = new ReportCollector();
        using var host = await Start(probe, reports, new Dictionary<string, string?> { ["Flows:poison:Retry:MaxAttempts"] = "1" });
        var publisher = host.Services.GetRequiredService<IFlowPublisher<PoisonFlow, Job>>();

        await publisher.PublishAsync(new Job(100));

        await reports.WhenCount(1);
        Assert.Equal(1, Assert.Single(reports.Reports).Attempts);
        var letter = Assert.Single(host.Services.GetRequiredService<InMemoryFlowDeadLetterSink>().Snapshot());
        Assert.Equal("Flaky", letter.FailedStep);
        Assert.IsType<TimeoutException>(letter.Exception);
        await host.StopAsync();
    }

    [Fact]
    public void The_flow_options_take_every_value_of_the_retry_attribute_and_configuration_overrides_them()
    {
        var declared = RetryOptions<CappedRetryFlow>(CappedRetryFlow.Definition);
        Assert.Equal((5, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1.5)), (declared.MaxAttempts, declared.BaseDelay, declared.MaxDelay));

        var configured = RetryOptions<CappedRetryFlow>(CappedRetryFlow.Definition, new Dictionary<string, string?> { ["Flows:capped-retry:Retry:MaxDelayMilliseconds"] = "4000" });
        Assert.Equal((5, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(4)), (configured.MaxAttempts, configured.BaseDelay, configured.MaxDelay));
    }

    [Fact]
    public async Task Retry_delays_grow_up_to_the_attribute_max_delay_and_no_further()
    {
        var time = new WatchedClock(new FakeTimeProvider(Epoch));
        var attempts = new Probe();
        var reports = new ReportCollector();
        using var host = await WorkerTestHost.StartAsync(
            s => s.AddSingleton<TimeProvider>(time).AddSingleton(attempts).AddSingleton<IFlowExecutionListener>(reports).AddTestFlow<CappedRetryFlow, Job, Job>(CappedRetryFlow.Definition),
            new Dictionary<string, string?> { ["Flows:capped-retry:Retry:UseJitter"] = "false" }); // exact delays, the rest from the attribute

        await host.Services.GetRequiredService<IFlowPublisher<CappedRetryFlow, Job>>().PublishAsync(new Job(1));

        // Exponential from 1 s: 1 s, then 2 s, 4 s and 8 s, each capped at 1.5 s. The clock moves only by the awaited
        // delay, once it is waiting, so every retry runs exactly that long after the attempt before it.
        TimeSpan[] delays = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(1.5)];
        for (var i = 0; i < delays.Length; i++)
        {
            await attempts.WhenCount(i + 1);
            await time.WhenTimers(i + 1);
            Assert.Equal(delays[i], time.DueTimes[i]);
            time.Clock.Advance(delays[i]);
        }

        await reports.WhenCount(1);
        var report = Assert.Single(reports.Reports);
        Assert.Equal((FlowOutcome.Failed, 5), (report.Outcome, report.Attempts));
        Assert.Equal(
            [Epoch, Epoch.AddSeconds(1), Epoch.AddSeconds(2.5), Epoch.AddSeconds(4), Epoch.AddSeconds(5.5)],
            attempts.Seen.Cast<DateTimeOffset>());
        Assert.Equal(delays.Length, time.DueTimes.Count);
        await host.StopAsync();
    }

    [Fact]
    public async Task A_custom_dead_letter_sink_replaces_the_default_and_a_failing_sink_does_not_stop_the_flow()
    {
        var probe = new Probe();
        var reports = new ReportCollector();
        using var host = await WorkerTestHost.StartAsync(s => s
            .AddSingleton(probe)
            .AddSingleton<IFlowExecutionListener>(reports)
            .AddFlowDeadLetterSink<ThrowingSink>()
            .AddTestFlow<PoisonFlow, Job, Job>(PoisonFlow.Definition));
        var publisher = host.Services.GetRequiredService<IFlowPublisher<PoisonFlow, Job>>();

        await publisher.PublishAsync(new Job(-5));
        await publisher.PublishAsync(new Job(5));

        await reports.WhenCount(2);
        await probe.WhenCount(1);
        Assert.Equal(1, ThrowingSink.Calls);
        await host.StopAsync();
    }

    [Fact]
    public async Task The_in_memory_sink_is_bounded()
    {
        var sink = new InMemoryFlowDeadLetterSink(Microsoft.Extensions.Options.Options.Create(new InMemoryFlowDeadLetterOptions { Capacity = 2 }));

        for (var i = 0; i < 5; i++)
        {
            await sink.WriteAsync(new FlowDeadLetter("f", "default", Guid.NewGuid(), "s", new InvalidOperationException(), i, 1, DateTimeOffset.UtcNow), CancellationToken.None);
        }

        Assert.Equal([3, 4], sink.Snapshot().Select(l => (int)l.Payload!));
    }

    private static FlowRetryOptions RetryOptions<TFlow>(FlowDefinition definition, IDictionary<string, string?>? configuration = null)
        where TFlow : class, IFlow<Job, Job>
    {
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(configuration ?? new Dictionary<string, string?>()).Build())
            .AddTestFlow<TFlow, Job, Job>(definition);
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptionsMonitor<FlowOptions>>().Get(definition.Name).Retry;
    }

    private sealed class ThrowingSink : IFlowDeadLetterSink
    {
        public static int Calls;

        public ValueTask WriteAsync(FlowDeadLetter letter, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Calls);
            throw new IOException("disk full");
        }
    }
}
