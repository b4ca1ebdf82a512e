using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace FlowSdk.Hosting;

/// <summary>
/// The names FlowSdk reports telemetry under: one <see cref="ActivitySource"/> and one <see cref="Meter"/>, both named
/// <see cref="Name"/>. Subscribe with OpenTelemetry (<c>AddSource("FlowSdk")</c>, <c>AddMeter("FlowSdk")</c>) or with an
/// <see cref="ActivityListener"/> / <see cref="MeterListener"/>. Nothing is measured or allocated while nothing listens.
/// </summary>
public static class FlowTelemetry
{
    /// <summary>The name of the activity source and the meter: <c>FlowSdk</c>.</summary>
    public const string Name = "FlowSdk";

    /// <summary>The span of one execution (all its attempts).</summary>
    public const string ExecutionActivityName = "flowsdk.execution";

    /// <summary>Counter of finished executions, tagged <c>flow</c> and <c>outcome</c> (completed, filtered, failed).</summary>
    public const string ExecutionsMetric = "flowsdk.executions";

    /// <summary>Histogram of execution durations in seconds (all attempts), tagged <c>flow</c> and <c>outcome</c>.</summary>
    public const string ExecutionDurationMetric = "flowsdk.execution.duration";

    /// <summary>Histogram of attempt durations in seconds, tagged <c>flow</c> and <c>outcome</c>; a failed attempt also carries <c>step</c>.</summary>
    public const string AttemptDurationMetric = "flowsdk.attempt.duration";

    /// <summary>Histogram of step durations in seconds, tagged <c>flow</c> and <c>step</c>; each step also adds a <c>step</c> event to the execution's span.</summary>
    public const string StepDurationMetric = StepTelemetryObserver.StepDurationMetric;

    /// <summary>Gauge of messages waiting in each flow's queue, tagged <c>flow</c>.</summary>
    public const string QueueDepthMetric = "flowsdk.queue.depth";

    /// <summary>Counter of messages handed to the dead-letter sink, tagged <c>flow</c> and <c>step</c>.</summary>
    public const string DeadLettersMetric = "flowsdk.dead_letters";

    /// <summary>Counter of retried attempts, tagged <c>flow</c> and <c>step</c>.</summary>
    public const string RetriesMetric = "flowsdk.retries";

    /// <summary>Counter of messages a trigger could not enqueue (queue full or host stopping), tagged <c>flow</c> and <c>trigger</c>.</summary>
    public const string RejectedMetric = "flowsdk.rejected";

    internal static readonly ActivitySource Source = new(Name);
    internal static readonly Meter Meter = new(Name);

    /// <summary>
    /// Bucket boundaries for the duration histograms, in seconds, from a millisecond (a synchronous step) to two minutes
    /// (an execution through retries). Without this advice OpenTelemetry's default buckets, made for milliseconds, would
    /// put nearly every duration in seconds into the first bucket.
    /// </summary>
    internal static readonly InstrumentAdvice<double> DurationAdvice = new()
    {
        HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
    };

    internal static readonly Counter<long> Executions = Meter.CreateCounter<long>(ExecutionsMetric, "{execution}", "Finished flow executions by outcome.");
    internal static readonly Histogram<double> ExecutionDuration = Meter.CreateHistogram(ExecutionDurationMetric, "s", "Duration of flow executions, retries included.", tags: null, DurationAdvice);
    internal static readonly Histogram<double> AttemptDuration = Meter.CreateHistogram(AttemptDurationMetric, "s", "Duration of single attempts of a flow's pipeline.", tags: null, DurationAdvice);
    internal static readonly Counter<long> DeadLetters = Meter.CreateCounter<long>(DeadLettersMetric, "{message}", "Messages handed to the dead-letter sink.");
    internal static readonly Counter<long> Retries = Meter.CreateCounter<long>(RetriesMetric, "{attempt}", "Retried attempts.");
    internal static readonly Counter<long> Rejected = Meter.CreateCounter<long>(RejectedMetric, "{message}", "Messages a trigger could not enqueue.");

    private static readonly ConcurrentDictionary<IFlowRunner, byte> s_running = new();

    static FlowTelemetry()
    {
        Meter.CreateObservableGauge(QueueDepthMetric, ObserveQueueDepth, "{message}", "Messages waiting in a flow's queue.");
    }

    internal static void Track(IFlowRunner runner) => s_running.TryAdd(runner, 0);

    internal static void Untrack(IFlowRunner runner) => s_running.TryRemove(runner, out _);

    private static IEnumerable<Measurement<int>> ObserveQueueDepth()
    {
        foreach (var runner in s_running.Keys)
        {
            yield return new Measurement<int>(runner.QueueDepth, new KeyValuePair<string, object?>("flow", runner.Definition.Name));
        }
    }

    internal static string OutcomeTag(FlowOutcome outcome) => outcome switch
    {
        FlowOutcome.Completed => "completed",
        FlowOutcome.Filtered => "filtered",
        _ => "failed",
    };

    // The span's attempt count, boxed once for the counts retries usually reach rather than once per execution.
    private static readonly object[] s_attempts = [.. Enumerable.Range(0, 17).Select(count => (object)count)];

    internal static object AttemptsTag(int attempts) =>
        (uint)attempts < (uint)s_attempts.Length ? s_attempts[attempts] : attempts;
}
