using System.Diagnostics.CodeAnalysis;
using FlowSdk.Instances;

namespace FlowSdk.Management;

/// <summary>An execution from the history with its step journal (<c>GET executions/{id}</c>).</summary>
public sealed class ExecutionDetailResponse : ExecutionResponse
{
    /// <summary>Creates an empty answer (for serializers).</summary>
    public ExecutionDetailResponse()
    {
    }

    [SetsRequiredMembers]
    private ExecutionDetailResponse(ExecutionResponse execution)
        : base(execution)
    {
    }

    /// <summary>Whether the execution kept a step journal (false when its flow records none, or it has not ended).</summary>
    public bool Journal { get; init; }

    /// <summary>The steps that ran, in order; empty without a journal.</summary>
    public IReadOnlyList<ExecutionStepResponse> Steps { get; init; } = [];

    internal static new ExecutionDetailResponse From(ExecutionRecord record, SecretsLookup secrets) => new(ExecutionResponse.From(record, secrets))
    {
        Journal = record.Steps is not null,
        Steps = record.Steps is { } steps ? [.. steps.Select(s => ExecutionStepResponse.From(record.InstanceId, s, secrets))] : [],
    };
}

/// <summary>One step of an execution's journal.</summary>
public sealed class ExecutionStepResponse
{
    /// <summary>The step's position in the flow.</summary>
    public int Index { get; init; }

    /// <summary>The step's method name.</summary>
    public required string Name { get; init; }

    /// <summary>Step, Filter, Split or Entry.</summary>
    public required string Kind { get; init; }

    /// <summary>When it first started.</summary>
    public DateTimeOffset StartedAt { get; init; }

    /// <summary>How long it ran in milliseconds, all its calls together.</summary>
    public double DurationMs { get; init; }

    /// <summary>Completed, Filtered, Failed or Canceled.</summary>
    public required string Outcome { get; init; }

    /// <summary>The error of a failed step, secrets redacted.</summary>
    public string? Error { get; init; }

    /// <summary>How many times it ran: more than 1 for steps after a split.</summary>
    public int Calls { get; init; }

    /// <summary>Per-item outcomes on a split step; otherwise null.</summary>
    public ExecutionStepItemsResponse? Items { get; init; }

    /// <summary>The JSON text of the payload the step received (its first call), secrets redacted; null unless the flow journals payloads.</summary>
    public string? Payload { get; init; }

    /// <summary>Whether the payload was cut at the flow's limit.</summary>
    public bool PayloadTruncated { get; init; }

    /// <summary>
    /// On the flow's last step, the JSON text of the execution's output (what the step returned; for a split, the last
    /// item that completed), secrets redacted; null elsewhere, when nothing completed, or unless the flow journals payloads.
    /// </summary>
    public string? Output { get; init; }

    /// <summary>Whether the output was cut at the flow's limit.</summary>
    public bool OutputTruncated { get; init; }

    internal static ExecutionStepResponse From(string instanceId, ExecutionStep step, SecretsLookup secrets)
    {
        // A payload that cannot be masked again is left out rather than replaced by text that is not JSON.
        var payload = secrets.Redact(instanceId, step.Payload);
        var output = secrets.Redact(instanceId, step.Output);
        return new()
        {
            Index = step.Index,
            Name = step.Name,
            Kind = step.Kind,
            StartedAt = step.StartedAt,
            DurationMs = step.DurationMs,
            Outcome = step.Outcome,
            Error = secrets.Redact(instanceId, step.Error),
            Calls = step.Calls,
            Items = step.Items is { } items ? new ExecutionStepItemsResponse { Completed = items.Completed, Filtered = items.Filtered, Failed = items.Failed } : null,
            Payload = ReferenceEquals(payload, SecretsLookup.Withheld) ? null : payload,
            PayloadTruncated = step.PayloadTruncated,
            Output = ReferenceEquals(output, SecretsLookup.Withheld) ? null : output,
            OutputTruncated = step.OutputTruncated,
        };
    }
}

/// <summary>The per-item outcomes of a split step.</summary>
public sealed class ExecutionStepItemsResponse
{
    /// <summary>Items that ran through every step.</summary>
    public int Completed { get; init; }

    /// <summary>Items a filter stopped.</summary>
    public int Filtered { get; init; }

    /// <summary>Items whose steps threw.</summary>
    public int Failed { get; init; }
}
