namespace FlowSdk.Instances;

/// <summary>An input that failed for an instance, kept with its payload so it can be replayed.</summary>
public sealed class DeadLetter
{
    /// <summary>The dead letter's id.</summary>
    public required Guid Id { get; init; }

    /// <summary>The execution that failed.</summary>
    public required Guid ExecutionId { get; init; }

    /// <summary>The instance it ran for.</summary>
    public required string InstanceId { get; init; }

    /// <summary>The flow.</summary>
    public required string FlowName { get; init; }

    /// <summary>What started the execution.</summary>
    public required string Trigger { get; init; }

    /// <summary>The full name of the input payload's CLR type, or null.</summary>
    public string? PayloadType { get; init; }

    /// <summary>The payload's media type (for example <c>application/json</c>), or null.</summary>
    public string? ContentType { get; init; }

    /// <summary>The input payload exactly as received (for JSON, its UTF-8 bytes), so a replay runs with the same input.</summary>
    public required ReadOnlyMemory<byte> Payload { get; init; }

    /// <summary>The failing step's method name, or null.</summary>
    public string? FailedStep { get; init; }

    /// <summary>The error (type and message, secrets redacted); never a stack trace.</summary>
    public string? Error { get; init; }

    /// <summary>When the input failed.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>How often it was replayed.</summary>
    public int ReplayCount { get; init; }

    /// <summary>When it was last replayed, or null.</summary>
    public DateTimeOffset? LastReplayedAt { get; init; }
}
