using System.Text.Json.Serialization;

namespace FlowSdk.Instances;

/// <summary>One step of an execution's journal, as the history keeps it (<see cref="ExecutionRecord.Steps"/>).</summary>
public sealed class ExecutionStep
{
    /// <summary>The step's position in the flow.</summary>
    public required int Index { get; init; }

    /// <summary>The step's method name.</summary>
    public required string Name { get; init; }

    /// <summary><c>Step</c>, <c>Filter</c>, <c>Split</c> or <c>Entry</c>.</summary>
    public required string Kind { get; init; }

    /// <summary>When the step first started.</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>How long it ran in milliseconds, all its calls together.</summary>
    public double DurationMs { get; init; }

    /// <summary><c>Completed</c>, <c>Filtered</c> (it stopped at least one item), <c>Failed</c> or <c>Canceled</c>.</summary>
    public required string Outcome { get; init; }

    /// <summary>The error of a failed step (type and message, secrets masked), or null.</summary>
    public string? Error { get; init; }

    /// <summary>How many times it ran: more than 1 for steps after a split.</summary>
    public int Calls { get; init; } = 1;

    /// <summary>Per-item outcomes, on a split step; otherwise null.</summary>
    public ExecutionStepItems? Items { get; init; }

    /// <summary>The JSON of the payload the step received (its first call), secrets masked and capped; null unless payloads are journaled.</summary>
    public string? Payload { get; init; }

    /// <summary>Whether <see cref="Payload"/> was cut at the flow's limit.</summary>
    public bool PayloadTruncated { get; init; }

    /// <summary>
    /// On the flow's last step, the JSON of the execution's output (what that step returned; for a split, the last item
    /// that completed), secrets masked and capped; null elsewhere, when nothing completed, or unless payloads are journaled.
    /// </summary>
    public string? Output { get; init; }

    /// <summary>Whether <see cref="Output"/> was cut at the flow's limit.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] // every other step would store a false
    public bool OutputTruncated { get; init; }
}

/// <summary>The per-item outcomes of a split step.</summary>
public sealed class ExecutionStepItems
{
    /// <summary>Items that ran through every step.</summary>
    public int Completed { get; init; }

    /// <summary>Items a filter stopped.</summary>
    public int Filtered { get; init; }

    /// <summary>Items whose steps threw.</summary>
    public int Failed { get; init; }
}
