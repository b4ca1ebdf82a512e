using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FlowSdk.Hosting.Tests;

[Collection(SerialCollection.Name)]
public sealed class TelemetryTests
{
    [Fact]
    public async Task A_span_per_execution_with_attempt_events_and_the_caller_as_parent()
    {
        using var parentSource = new ActivitySource("FlowSdk.Tests.Parent");
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is FlowTelemetry.Name or "FlowSdk.Tests.Parent",
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => stopped.Enqueue(a),
        };
        ActivitySource.AddActivityListener(listener);
        var reports = new ReportCollector();
        using var host = await WorkerTestHost.StartAsync(s => s.AddSingleton<IFlowExecutionListener>(reports).AddTestFlow<TelemetryFlow, Job, Job>(TelemetryFlow.Definition));
        var publisher = host.Services.GetRequiredService<IFlowPublisher<TelemetryFlow, Job>>();

        Guid completedId;
        ActivitySpanId parentSpan;
        using (var parent = parentSource.StartActivity("publish"))
        {
            parentSpan = parent!.SpanId;
            completedId = await publisher.PublishAsync(new Job(2));
        }

        var filteredId = await publisher.PublishAsync(new Job(1));
        var failedId = await publisher.PublishAsync(new Job(-2));
        await reports.WhenCount(3);

        var spans = stopped.Where(a => a.Source.Name == FlowTelemetry.Name && (string?)a.GetTagItem("flow.name") == "telemetry").ToList();
        Assert.Equal(3, spans.Count);
        Activity Span(Guid id) => spans.Single(a => (string?)a.GetTagItem("flow.execution_id") == id.ToString());
        Assert.Equal("completed", Span(completedId).GetTagItem("flow.outcome"));
        Assert.Equal(parentSpan, Span(completedId).ParentSpanId);
        Assert.Equal("filtered", Span(filteredId).GetTagItem("flow.outcome"));
        var failed = Span(failedId);
        Assert.Equal("failed", failed.GetTagItem("flow.outcome"));
        Assert.Equal(ActivityStatusCode.Error, failed.Status);
        Assert.Equal(2, failed.Events.Count(e => e.Name == "step.failed" && (string?)e.Tags.First(t => t.Key == "step").Value == "Explode"));
        Assert.Equal(FlowTelemetry.ExecutionActivityName, failed.OperationName);
        await host.StopAsync();
    }

    [Fact]
    public async Task A_span_a_sampler_keeps_for_propagation_only_gets_no_tags_and_the_execution_runs()
    {
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == FlowTelemetry.Name,
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.PropagationData,
            ActivityStopped = a => stopped.Enqueue(a),
        };
        ActivitySource.AddActivityListener(listener);
        var reports = new ReportCollector();
        using var host = await WorkerTestHost.StartAsync(s => s.AddSingleton<IFlowExecutionListener>(reports).AddTestFlow<TelemetryFlow, Job, Job>(TelemetryFlow.Definition));
        var publisher = host.Services.GetRequiredService<IFlowPublisher<TelemetryFlow, Job>>();

        await publisher.PublishAsync(new Job(2));
        await publisher.PublishAsync(new Job(-2)); // fails, with retries: no attempt events either
        await reports.WhenCount(2);

        var spans = stopped.Where(a => a.OperationName == FlowTelemetry.ExecutionActivityName).ToList();
        Assert.NotEmpty(spans);
        Assert.All(spans, a => Assert.False(a.IsAllDataRequested));
        Assert.All(spans, a => Assert.Empty(a.TagObjects));
        Assert.All(spans, a => Assert.Empty(a.Events));
        await host.StopAsync();
    }

    [Fact]
    public async Task Metrics_count_outcomes_durations_dead_letters_retries_and_queue_depth()
    {
        var measurements = new ConcurrentQueue<(string Instrument, double Value, Dictionary<string, object?> Tags)>();
        using var meters = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == FlowTelemetry.Name)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var copy = new Dictionary<string, object?>();
            foreach (var tag in tags)
            {
                copy[tag.Key] = tag.Value;
            }

            if ((string?)copy.GetValueOrDefault("flow") == "telemetry")
            {
                measurements.Enqueue((instrument.Name, value, copy));
            }
        }

        meters.SetMeasurementEventCallback<long>((i, v, t, _) => Record(i, v, t));
        meters.SetMeasurementEventCallback<double>((i, v, t, _) => Record(i, v, t));
        meters.SetMeasurementEventCallback<int>((i, v, t, _) => Record(i, v, t));
        meters.Start();
        var reports = new ReportCollector();
        using var host = await WorkerTestHost.StartAsync(s => s.AddSingleton<IFlowExecutionListener>(reports).AddTestFlow<TelemetryFlow, Job, Job>(TelemetryFlow.Definition));
        var publisher = host.Services.GetRequiredService<IFlowPublisher<TelemetryFlow, Job>>();

        await publisher.PublishAsync(new Job(2));
        await publisher.PublishAsync(new Job(4));
        await publisher.PublishAsync(new Job(1));
        await publisher.PublishAsync(new Job(-2));
        await reports.WhenCount(4);
        meters.RecordObservableInstruments();

        var executions = measurements.Where(m => m.Instrument == FlowTelemetry.ExecutionsMetric).ToList();
        Assert.Equal(2, executions.Where(m => (string?)m.Tags["outcome"] == "completed").Sum(m => m.Value));
        Assert.Equal(1, executions.Where(m => (string?)m.Tags["outcome"] == "filtered").Sum(m => m.Value));
        Assert.Equal(1, executions.Where(m => (string?)m.Tags["outcome"] == "failed").Sum(m => m.Value));
        Assert.Equal(4, measurements.Count(m => m.Instrument == FlowTelemetry.ExecutionDurationMetric && m.Value >= 0));
        Assert.Equal(5, measurements.Count(m => m.Instrument == FlowTelemetry.AttemptDurationMetric));
        var dead = Assert.Single(measurements, m => m.Instrument == FlowTelemetry.DeadLettersMetric);
        Assert.Equal("Explode", dead.Tags["step"]);
        Assert.Single(measurements, m => m.Instrument == FlowTelemetry.RetriesMetric);
        Assert.Contains(measurements, m => m.Instrument == FlowTelemetry.QueueDepthMetric && m.Value == 0);
        await host.StopAsync();
    }
}

[Collection(SerialCollection.Name)]
public sealed class RejectedTelemetryTests
{
    [Fact]
    public async Task A_message_refused_at_capacity_is_counted_with_its_flow_and_trigger()
    {
        var rejected = new ConcurrentQueue<(long Value, string? Flow, string? Trigger)>();
        using var meters = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == FlowTelemetry.Name && instrument.Name == FlowTelemetry.RejectedMetric)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        meters.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            string? flow = null, trigger = null;
            foreach (var tag in tags)
            {
                if (tag.Key == "flow") { flow = (string?)tag.Value; }
                if (tag.Key == "trigger") { trigger = (string?)tag.Value; }
            }

            if (flow == "gated-channel")
            {
                rejected.Enqueue((value, flow, trigger));
            }
        });
        meters.Start();
        var probe = new Probe { Gated = true };
        using var host = await WorkerTestHost.StartAsync(s => s.AddSingleton(probe).AddTestFlow<GatedChannelFlow, Job, Job>(GatedChannelFlow.Definition));
        var publisher = host.Services.GetRequiredService<IFlowPublisher<GatedChannelFlow, Job>>();

        Assert.True(publisher.TryPublish(new Job(1)));
        await probe.WhenCount(1); // in flight; the queue (capacity 2) is empty again
        Assert.True(publisher.TryPublish(new Job(2)));
        Assert.True(publisher.TryPublish(new Job(3)));
        Assert.Empty(rejected);
        Assert.False(publisher.TryPublish(new Job(4)));

        Assert.Equal([(1L, "gated-channel", FlowTriggerNames.Channel)], rejected);
        probe.Release();
        await probe.WhenCount(3);
        await host.StopAsync();
    }
}

[Collection(SerialCollection.Name)]
public sealed class StepTelemetryTests
{
    [Theory]
    [InlineData("true", true)]
    [InlineData("False", false)]
    public void Step_telemetry_is_off_by_default_and_set_per_flow_in_configuration(string value, bool expected)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Flows:telemetry:StepTelemetry"] = value }).Build());
        services.AddTestFlow<TelemetryFlow, Job, Job>(TelemetryFlow.Definition);
        using var provider = services.BuildServiceProvider();

        Assert.Equal(expected, provider.GetRequiredService<IOptionsMonitor<FlowOptions>>().Get("telemetry").StepTelemetry);
        Assert.False(new FlowOptions().StepTelemetry);
    }

    [Fact]
    public async Task Each_step_gets_a_duration_measurement_and_an_event_on_the_execution_span()
    {
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == FlowTelemetry.Name,
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => stopped.Enqueue(a),
        };
        ActivitySource.AddActivityListener(listener);
        var steps = new ConcurrentQueue<(string Step, double Seconds)>();
        using var meters = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == FlowTelemetry.Name && instrument.Name == FlowTelemetry.StepDurationMetric)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        meters.SetMeasurementEventCallback<double>((_, value, tags, _) =>
        {
            string? flow = null, step = null;
            foreach (var tag in tags)
            {
                if (tag.Key == "flow") { flow = (string?)tag.Value; }
                if (tag.Key == "step") { step = (string?)tag.Value; }
            }

            if (flow == "telemetry")
            {
                steps.Enqueue((step!, value));
            }
        });
        meters.Start();
        var reports = new ReportCollector();
        using var host = await WorkerTestHost.StartAsync(s => s.AddSingleton<IFlowExecutionListener>(reports).AddTestFlow<TelemetryFlow, Job, Job>(TelemetryFlow.Definition)
            .Configure<FlowOptions>("telemetry", o => o.StepTelemetry = true));
        var publisher = host.Services.GetRequiredService<IFlowPublisher<TelemetryFlow, Job>>();

        var completed = await publisher.PublishAsync(new Job(2));
        await publisher.PublishAsync(new Job(1));
        await reports.WhenCount(2);

        // Job 2 runs IsEven then Explode; job 1 stops at IsEven.
        Assert.Equal(["Explode", "IsEven", "IsEven"], steps.Select(s => s.Step).Order(StringComparer.Ordinal));
        Assert.All(steps, s => Assert.True(s.Seconds >= 0));
        var span = stopped.Single(a => (string?)a.GetTagItem("flow.execution_id") == completed.ToString());
        Assert.Equal(["IsEven", "Explode"], span.Events.Where(e => e.Name == "step").Select(e => (string?)e.Tags.First(t => t.Key == "step").Value));
        await host.StopAsync();
    }
}
