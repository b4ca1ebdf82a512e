using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace FlowSdk.Hosting;

/// <summary>
/// Times the steps of the executions on one consumer's <see cref="FlowContext"/>: each step's duration goes to the
/// <see cref="StepDurationMetric"/> histogram and, when the execution is traced, a <c>step</c> event goes on its span.
/// A step ends when the next one starts or the attempt ends. Attached to a context only while something listens.
/// </summary>
internal sealed class StepTelemetryObserver : IFlowStepObserver
{
    /// <summary>Histogram of step durations in seconds, tagged <c>flow</c> and <c>step</c>.</summary>
    public const string StepDurationMetric = "flowsdk.step.duration";

    internal static readonly Histogram<double> StepDuration =
        FlowTelemetry.Meter.CreateHistogram(StepDurationMetric, "s", "Duration of single steps of a flow's pipeline.", tags: null, FlowTelemetry.DurationAdvice);

    private readonly FlowDefinition _definition;
    private int _current = -1;
    private long _startedAt;

    public StepTelemetryObserver(FlowDefinition definition) => _definition = definition;

    /// <summary>Whether anything would see what this observer records.</summary>
    public static bool IsListening(Activity? activity) => activity is not null || StepDuration.Enabled;

    /// <summary>The span of the attempt being observed, or null.</summary>
    public Activity? Activity { get; private set; }

    /// <summary>Starts observing an attempt; a step left over from an attempt cut short is forgotten, not timed.</summary>
    public void Begin(Activity? activity)
    {
        _current = -1;
        Activity = activity;
    }

    public void OnStepStarting(FlowContext context, int stepIndex)
    {
        EndStep();
        _current = stepIndex;
        _startedAt = Stopwatch.GetTimestamp();
    }

    /// <summary>Ends the running step, if any: the attempt finished or moved on.</summary>
    public void EndStep()
    {
        if (_current < 0)
        {
            return;
        }

        var elapsed = Stopwatch.GetElapsedTime(_startedAt);
        var step = (uint)_current < (uint)_definition.Steps.Count ? _definition.Steps[_current].Name : "?";
        _current = -1;
        if (StepDuration.Enabled)
        {
            StepDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("flow", _definition.Name), new KeyValuePair<string, object?>("step", step));
        }

        Activity?.AddEvent(new ActivityEvent("step", tags: new ActivityTagsCollection
        {
            ["step"] = step,
            ["duration_ms"] = elapsed.TotalMilliseconds,
        }));
    }
}
