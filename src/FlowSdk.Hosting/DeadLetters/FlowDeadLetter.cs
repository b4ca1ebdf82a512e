namespace FlowSdk.Hosting;

/// <summary>A message whose execution failed after its last attempt (or was abandoned at shutdown).</summary>
public sealed class FlowDeadLetter
{
    /// <summary>Creates a dead letter.</summary>
    public FlowDeadLetter(
        string flowName,
        string instanceId,
        Guid executionId,
        string? failedStep,
        Exception exception,
        object? payload,
        int attempts,
        DateTimeOffset failedAt)
    {
        FlowName = flowName;
        InstanceId = instanceId;
        ExecutionId = executionId;
        FailedStep = failedStep;
        Exception = exception;
        Payload = payload;
        Attempts = attempts;
        FailedAt = failedAt;
    }

    /// <summary>The flow's name.</summary>
    public string FlowName { get; }

    /// <summary>The instance the execution ran for.</summary>
    public string InstanceId { get; }

    /// <summary>The execution id the trigger handed out (the webhook's 202 answer, the publisher's return value).</summary>
    public Guid ExecutionId { get; }

    /// <summary>The method name of the failing step; null when the message never ran (abandoned at shutdown).</summary>
    public string? FailedStep { get; }

    /// <summary>The exception of the last attempt.</summary>
    public Exception Exception { get; }

    /// <summary>The payload the trigger enqueued (the first step's input).</summary>
    public object? Payload { get; }

    /// <summary>How many attempts ran.</summary>
    public int Attempts { get; }

    /// <summary>When the message was dead-lettered.</summary>
    public DateTimeOffset FailedAt { get; }

    /// <summary>What enqueued the message (<see cref="FlowTriggerNames"/>), or null when the caller did not say.</summary>
    public string? Trigger { get; init; }

    /// <summary>
    /// The payload's JSON as a message store kept it, when it could not be read back as the flow's payload type
    /// (<see cref="Payload"/> is null then); empty otherwise.
    /// </summary>
    public ReadOnlyMemory<byte> StoredPayload { get; init; }
}

/// <summary>
/// Where messages go after their last failed attempt. The default, <see cref="InMemoryFlowDeadLetterSink"/>, keeps a
/// bounded list and logs; register another implementation as a singleton to persist them.
/// </summary>
public interface IFlowDeadLetterSink
{
    /// <summary>Stores <paramref name="letter"/>. An exception is logged; it never stops the flow.</summary>
    ValueTask WriteAsync(FlowDeadLetter letter, CancellationToken cancellationToken);
}

/// <summary>The thrown reason of a message abandoned because the host stopped before it could run.</summary>
public sealed class FlowAbandonedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public FlowAbandonedException()
        : this("The host stopped before the message could run.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public FlowAbandonedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public FlowAbandonedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
