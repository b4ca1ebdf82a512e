using FlowSdk.Instances;

namespace FlowSdk.Management;

/// <summary>A dead letter; the payload itself is only in the single-item answer.</summary>
public sealed class DeadLetterResponse
{
    /// <summary>The dead letter's id.</summary>
    public Guid Id { get; init; }

    /// <summary>The failed execution.</summary>
    public Guid ExecutionId { get; init; }

    /// <summary>The instance.</summary>
    public required string InstanceId { get; init; }

    /// <summary>The flow.</summary>
    public required string Flow { get; init; }

    /// <summary>What started the failed execution.</summary>
    public required string Trigger { get; init; }

    /// <summary>The payload's CLR type.</summary>
    public string? PayloadType { get; init; }

    /// <summary>The payload's media type.</summary>
    public string? ContentType { get; init; }

    /// <summary>The payload's size in bytes.</summary>
    public int PayloadSize { get; init; }

    /// <summary>The payload in base64; only when one dead letter is requested.</summary>
    public string? Payload { get; init; }

    /// <summary>The failing step.</summary>
    public string? FailedStep { get; init; }

    /// <summary>The error, secrets redacted; withheld when the instance's secrets cannot be decrypted to mask it.</summary>
    public string? Error { get; init; }

    /// <summary>When the input failed.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>How often it was replayed.</summary>
    public int ReplayCount { get; init; }

    /// <summary>When it was last replayed.</summary>
    public DateTimeOffset? LastReplayedAt { get; init; }

    internal static DeadLetterResponse From(DeadLetter letter, SecretsLookup secrets, bool withPayload) => new()
    {
        Id = letter.Id,
        ExecutionId = letter.ExecutionId,
        InstanceId = letter.InstanceId,
        Flow = letter.FlowName,
        Trigger = letter.Trigger,
        PayloadType = letter.PayloadType,
        ContentType = letter.ContentType,
        PayloadSize = letter.Payload.Length,
        Payload = withPayload ? Convert.ToBase64String(letter.Payload.Span) : null,
        FailedStep = letter.FailedStep,
        Error = secrets.Redact(letter.InstanceId, letter.Error),
        CreatedAt = letter.CreatedAt,
        ReplayCount = letter.ReplayCount,
        LastReplayedAt = letter.LastReplayedAt,
    };
}
