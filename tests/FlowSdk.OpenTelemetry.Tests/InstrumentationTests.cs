using System.Diagnostics;
using FlowSdk.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace FlowSdk.OpenTelemetry.Tests;

/// <summary>
/// A real host wired with <c>AddOpenTelemetry()</c> and <c>AddFlowSdkInstrumentation()</c>, exporting to memory.
/// The tests share the process-wide FlowSdk source and meter, so they stay in this one class and run one at a time.
/// </summary>
public sealed class InstrumentationTests
{
    private const string FlowName = "otel-orders";
    private static readonly string[] Steps = ["Parse", "HasAmount", "Price", "Deliver"];

    [Fact]
    public async Task Traces_and_metrics_of_an_execution_reach_the_exporters()
    {
        var spans = new List<Activity>();
        var metrics = new List<MetricSnapshot>();
        var signals = new ExecutionSignals();
        using var host = await TestHost.StartAsync(signals, services => services.WithStepTelemetry().AddOpenTelemetry()
            .WithTracing(t => t.AddFlowSdkInstrumentation().AddInMemoryExporter(spans))
            .WithMetrics(m => m.AddFlowSdkInstrumentation().AddInMemoryExporter(metrics)));
        var publisher = host.Services.GetRequiredService<IFlowPublisher<OrderFlow, RawOrder>>();

        var executionId = await publisher.PublishAsync(new RawOrder(7, " ada ", 10m));
        Assert.Equal(FlowOutcome.Completed, await signals.WhenFinished(executionId));
        Assert.True(host.Services.GetRequiredService<TracerProvider>().ForceFlush());
        Assert.True(host.Services.GetRequiredService<MeterProvider>().ForceFlush());

        var span = Assert.Single(Exported(spans), a => (string?)a.GetTagItem("flow.execution_id") == executionId.ToString());
        Assert.Equal(FlowTelemetry.Name, span.Source.Name);
        Assert.Equal(FlowTelemetry.ExecutionActivityName, span.OperationName);
        Assert.Equal(ActivityKind.Consumer, span.Kind);
        Assert.Equal(FlowName, span.GetTagItem("flow.name"));
        Assert.Equal(FlowContext.DefaultInstanceId, span.GetTagItem("flow.instance_id"));
        Assert.Equal("completed", span.GetTagItem("flow.outcome"));
        Assert.Equal(1, span.GetTagItem("flow.attempts"));
        var stepEvents = span.Events.Where(e => e.Name == "step").ToList();
        Assert.Equal(Steps, stepEvents.Select(e => (string?)Tag(e, "step")));
        Assert.All(stepEvents, e => Assert.True(Tag(e, "duration_ms") is double ms && ms >= 0));
        Assert.DoesNotContain(span.Events, e => e.Name is "attempt.finished" or "step.failed"); // one attempt, completed: the tags say it

        var executions = Points(metrics, FlowTelemetry.ExecutionsMetric);
        var completed = Assert.Single(executions, p => p.Tags.GetValueOrDefault("outcome") as string == "completed");
        Assert.Equal(1, completed.Point.GetSumLong());
        var stepDurations = Points(metrics, FlowTelemetry.StepDurationMetric);
        Assert.Equal(Steps.Order(StringComparer.Ordinal), stepDurations.Select(p => (string?)p.Tags["step"]).Order(StringComparer.Ordinal));
        Assert.All(stepDurations, p => Assert.Equal(1, p.Point.GetHistogramCount()));
        var executionDuration = Assert.Single(Points(metrics, FlowTelemetry.ExecutionDurationMetric));

        // Durations are in seconds: the buckets start at a millisecond, not at OpenTelemetry's default 0, 5, 10, ...
        Assert.All(stepDurations.Append(executionDuration), p => Assert.Equal(0.001, Bounds(p.Point)[0]));
        await host.StopAsync();
    }

    [Fact]
    public async Task Step_durations_are_measured_when_only_metrics_are_configured()
    {
        var metrics = new List<MetricSnapshot>();
        var signals = new ExecutionSignals();
        using var host = await TestHost.StartAsync(signals, services => services.WithStepTelemetry().AddOpenTelemetry()
            .WithMetrics(m => m.AddFlowSdkInstrumentation().AddInMemoryExporter(metrics)));
        var publisher = host.Services.GetRequiredService<IFlowPublisher<OrderFlow, RawOrder>>();

        var kept = await publisher.PublishAsync(new RawOrder(1, "grace", 5m));
        var filtered = await publisher.PublishAsync(new RawOrder(2, "bob", 0m));
        Assert.Equal(FlowOutcome.Completed, await signals.WhenFinished(kept));
        Assert.Equal(FlowOutcome.Filtered, await signals.WhenFinished(filtered));
        Assert.True(host.Services.GetRequiredService<MeterProvider>().ForceFlush());

        // Both executions run Parse and HasAmount; only the kept one reaches Price and Deliver.
        var stepDurations = Points(metrics, FlowTelemetry.StepDurationMetric).ToDictionary(p => (string)p.Tags["step"]!, p => p.Point.GetHistogramCount());
        Assert.Equal(new Dictionary<string, long> { ["Parse"] = 2, ["HasAmount"] = 2, ["Price"] = 1, ["Deliver"] = 1 }, stepDurations);
        var executions = Points(metrics, FlowTelemetry.ExecutionsMetric).ToDictionary(p => (string)p.Tags["outcome"]!, p => p.Point.GetSumLong());
        Assert.Equal(new Dictionary<string, long> { ["completed"] = 1, ["filtered"] = 1 }, executions);
        await host.StopAsync();
    }

    [Fact]
    public async Task Step_events_are_recorded_when_only_tracing_is_configured()
    {
        var spans = new List<Activity>();
        var signals = new ExecutionSignals();
        using var host = await TestHost.StartAsync(signals, services => services.WithStepTelemetry().AddOpenTelemetry()
            .WithTracing(t => t.AddFlowSdkInstrumentation().AddInMemoryExporter(spans)));
        var publisher = host.Services.GetRequiredService<IFlowPublisher<OrderFlow, RawOrder>>();

        var filtered = await publisher.PublishAsync(new RawOrder(3, "bob", 0m));
        Assert.Equal(FlowOutcome.Filtered, await signals.WhenFinished(filtered));
        Assert.True(host.Services.GetRequiredService<TracerProvider>().ForceFlush());

        var span = Assert.Single(Exported(spans), a => (string?)a.GetTagItem("flow.execution_id") == filtered.ToString());
        Assert.Equal("filtered", span.GetTagItem("flow.outcome"));
        Assert.Equal(["Parse", "HasAmount"], span.Events.Where(e => e.Name == "step").Select(e => (string?)Tag(e, "step")));
        await host.StopAsync();
    }

    [Fact]
    public async Task Without_step_telemetry_an_execution_is_one_span_without_events_and_no_step_durations()
    {
        var spans = new List<Activity>();
        var metrics = new List<MetricSnapshot>();
        var signals = new ExecutionSignals();
        using var host = await TestHost.StartAsync(signals, services => services.AddOpenTelemetry()
            .WithTracing(t => t.AddFlowSdkInstrumentation().AddInMemoryExporter(spans))
            .WithMetrics(m => m.AddFlowSdkInstrumentation().AddInMemoryExporter(metrics)));
        var publisher = host.Services.GetRequiredService<IFlowPublisher<OrderFlow, RawOrder>>();

        var executionId = await publisher.PublishAsync(new RawOrder(8, "lin", 4m));
        Assert.Equal(FlowOutcome.Completed, await signals.WhenFinished(executionId));
        Assert.True(host.Services.GetRequiredService<TracerProvider>().ForceFlush());
        Assert.True(host.Services.GetRequiredService<MeterProvider>().ForceFlush());

        var span = Assert.Single(Exported(spans), a => (string?)a.GetTagItem("flow.execution_id") == executionId.ToString());
        Assert.Equal("completed", span.GetTagItem("flow.outcome"));
        Assert.Empty(span.Events);
        Assert.Empty(Points(metrics, FlowTelemetry.StepDurationMetric));
        Assert.Single(Points(metrics, FlowTelemetry.ExecutionDurationMetric));
        await host.StopAsync();
    }

    private static List<Activity> Exported(List<Activity> spans)
    {
        lock (spans)
        {
            return spans.Where(a => a.Source.Name == FlowTelemetry.Name).ToList();
        }
    }

    private static List<double> Bounds(MetricPoint point)
    {
        var bounds = new List<double>();
        foreach (var bucket in point.GetHistogramBuckets())
        {
            bounds.Add(bucket.ExplicitBound);
        }

        return bounds;
    }

    private static object? Tag(ActivityEvent e, string key) => e.Tags.FirstOrDefault(t => t.Key == key).Value;

    /// <summary>The exported points of one metric for the test flow, with their tags.</summary>
    private static List<(MetricPoint Point, Dictionary<string, object?> Tags)> Points(List<MetricSnapshot> metrics, string name)
    {
        var points = new List<(MetricPoint, Dictionary<string, object?>)>();
        lock (metrics)
        {
            foreach (var metric in metrics.Where(m => m.Name == name && m.MeterName == FlowTelemetry.Name))
            {
                foreach (var point in metric.MetricPoints)
                {
                    var tags = new Dictionary<string, object?>();
                    foreach (var tag in point.Tags)
                    {
                        tags[tag.Key] = tag.Value;
                    }

                    if (tags.GetValueOrDefault("flow") as string == FlowName)
                    {
                        points.Add((point, tags));
                    }
                }
            }
        }

        return points;
    }
}
