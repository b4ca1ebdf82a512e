namespace FlowSdk.Hosting;

/// <summary>What became of a message offered to a flow without waiting for room.</summary>
public enum FlowEnqueueStatus
{
    /// <summary>Accepted (stored first when the flow has a message store): it will run.</summary>
    Accepted,

    /// <summary>The flow's queue is full; nothing was enqueued.</summary>
    QueueFull,

    /// <summary>The instance has as many messages waiting as it may; nothing was enqueued, other instances are not affected.</summary>
    InstanceFull,

    /// <summary>The host is stopping; nothing was enqueued.</summary>
    Stopping,

    /// <summary>The message store cannot be reached; nothing was stored.</summary>
    StoreUnavailable,
}

/// <summary>The answer to an offer of a message: its status and, when accepted, its execution id.</summary>
/// <param name="Status">What became of the message.</param>
/// <param name="ExecutionId">The execution id, or <see cref="Guid.Empty"/> when the message was not accepted.</param>
public readonly record struct FlowEnqueueResult(FlowEnqueueStatus Status, Guid ExecutionId)
{
    /// <summary>Whether the message was accepted.</summary>
    public bool IsAccepted => Status == FlowEnqueueStatus.Accepted;

    /// <summary>
    /// Whether the message was a redelivery of a <see cref="FlowDelivery"/> taken before: nothing new was enqueued and
    /// <see cref="ExecutionId"/> is the execution the first delivery started.
    /// </summary>
    public bool IsRedelivery { get; init; }
}
