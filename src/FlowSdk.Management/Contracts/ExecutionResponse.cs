using System.Diagnostics.CodeAnalysis;
using FlowSdk.Instances;

namespace FlowSdk.Management;

/// <summary>An execution from the history.</summary>
public class ExecutionResponse
{
    /// <summary>Creates an empty answer (for serializers).</summary>
    public ExecutionResponse()
    {
    }

    /// <summary>Copies <paramref name="other"/>, for an answer that adds to it.</summary>
    [SetsRequiredMembers]
    protected ExecutionResponse(ExecutionResponse other)
    {
        ArgumentNullException.ThrowIfNull(other);
        ExecutionId = other.ExecutionId;
        InstanceId = other.InstanceId;
        Flow = other.Flow;
        Trigger = other.Trigger;
        StartedAt = other.StartedAt;
        EndedAt = other.EndedAt;
        Outcome = other.Outcome;
        Deliveries = other.Deliveries;
        FailedStep = other.FailedStep;
        Error = other.Error;
    }

    /// <summary>The execution id.</summary>
    public Guid ExecutionId { get; init; }

    /// <summary>The instance.</summary>
    public required string InstanceId { get; init; }

    /// <summary>The flow.</summary>
    public required string Flow { get; init; }

    /// <summary>What started it.</summary>
    public required string Trigger { get; init; }

    /// <summary>When it started.</summary>
    public DateTimeOffset StartedAt { get; init; }

    /// <summary>When it ended.</summary>
    public DateTimeOffset? EndedAt { get; init; }

    /// <summary>Pending, Running, Completed, Filtered, Failed or Canceled.</summary>
    public required string Outcome { get; init; }

    /// <summary>How many times it was delivered to a node: more than 1 when a node crashed or stalled while running it.</summary>
    public int Deliveries { get; init; }

    /// <summary>The failing step.</summary>
    public string? FailedStep { get; init; }

    /// <summary>The error, secrets redacted; withheld when the instance's secrets cannot be decrypted to mask it.</summary>
    public string? Error { get; init; }

    internal static ExecutionResponse From(ExecutionRecord record, SecretsLookup secrets) => new()
    {
        ExecutionId = record.ExecutionId,
        InstanceId = record.InstanceId,
        Flow = record.FlowName,
        Trigger = record.Trigger,
        StartedAt = record.StartedAt,
        EndedAt = record.EndedAt,
        Outcome = record.Outcome.ToString(),
        Deliveries = record.Deliveries,
        FailedStep = record.FailedStep,
        Error = secrets.Redact(record.InstanceId, record.Error),
    };
}
