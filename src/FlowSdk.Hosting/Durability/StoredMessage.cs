namespace FlowSdk.Hosting;

/// <summary>A message a trigger accepted, as it is stored before it is acknowledged.</summary>
public sealed class StoredMessage
{
    /// <summary>The execution id, the same on every delivery.</summary>
    public required Guid ExecutionId { get; init; }

    /// <summary>The flow.</summary>
    public required string FlowName { get; init; }

    /// <summary>The instance, or <see cref="FlowContext.DefaultInstanceId"/>.</summary>
    public required string InstanceId { get; init; }

    /// <summary>What accepted it (<see cref="FlowTriggerNames"/>).</summary>
    public required string Trigger { get; init; }

    /// <summary>The payload as JSON.</summary>
    public required ReadOnlyMemory<byte> Payload { get; init; }

    /// <summary>When it was accepted.</summary>
    public required DateTimeOffset AcceptedAt { get; init; }

    /// <summary>
    /// For a schedule occurrence, its scheduled time: one message is accepted per flow, instance and time, however many
    /// nodes fire it (the others get <see cref="MessageAcceptance.Duplicate"/>).
    /// </summary>
    public DateTimeOffset? ScheduledAt { get; init; }

    /// <summary>
    /// When true, the message is refused (<see cref="MessageAcceptance.Overlapping"/>) while a message of the same flow,
    /// instance and trigger is still waiting or running: a schedule that must not overlap itself.
    /// </summary>
    public bool RefuseWhileUnfinished { get; init; }

    /// <summary>
    /// The most messages of this flow's instance that may wait at once; beyond it the message is refused
    /// (<see cref="MessageAcceptance.InstanceFull"/>). 0 or less: no cap.
    /// </summary>
    public int MaxWaitingPerInstance { get; init; }

    /// <summary>
    /// The node that accepts the message and runs it at once, or null: stored already claimed by that node (one
    /// delivery, fencing token 1, a lease of <see cref="Lease"/> from now; an instance's history row <c>Running</c>), so
    /// the accepting node needs no claim round trip. Another node takes it over like any claim once the lease lapses.
    /// </summary>
    public string? ClaimFor { get; init; }

    /// <summary>The lease of a message stored claimed (<see cref="ClaimFor"/>).</summary>
    public TimeSpan Lease { get; init; }

    /// <summary>
    /// The sender's delivery id (a webhook's idempotency key), or null: one message is accepted per flow, instance and
    /// delivery until <see cref="DeliveryExpiresAt"/>, however many times and to however many nodes it is sent (the
    /// others get <see cref="MessageAcceptance.Duplicate"/>; <see cref="IFlowMessageStore.FindDeliveryAsync"/> names the
    /// execution that took it).
    /// </summary>
    public string? DeliveryKey { get; init; }

    /// <summary>Until when <see cref="DeliveryKey"/> is remembered; after it, the same key is a new delivery.</summary>
    public DateTimeOffset DeliveryExpiresAt { get; init; }

    /// <summary>
    /// Whether an instance's message appears in the execution history from its acceptance (Pending, then Running), as
    /// <see cref="FlowHistoryMode.All"/> asks; false leaves the history to the execution's outcome, if it is recorded.
    /// Default true.
    /// </summary>
    public bool TrackInHistory { get; init; } = true;
}

/// <summary>What <see cref="IFlowMessageStore.AcceptAsync"/> did with a message.</summary>
public enum MessageAcceptance
{
    /// <summary>Stored; it will run.</summary>
    Accepted,

    /// <summary>
    /// The same schedule occurrence or delivery was accepted before (by this node or another), or a message with the same
    /// execution id is still stored; nothing was stored.
    /// </summary>
    Duplicate,

    /// <summary>An earlier message of the same trigger is still waiting or running; nothing was stored.</summary>
    Overlapping,

    /// <summary>The instance has <see cref="StoredMessage.MaxWaitingPerInstance"/> messages waiting; nothing was stored.</summary>
    InstanceFull,
}

/// <summary>What to claim: a flow's messages for one node.</summary>
public sealed class ClaimRequest
{
    /// <summary>The flow.</summary>
    public required string FlowName { get; init; }

    /// <summary>The claiming node; its leases are renewed by <see cref="IFlowMessageStore.RenewLeasesAsync"/>.</summary>
    public required string NodeId { get; init; }

    /// <summary>The most messages to claim.</summary>
    public required int MaxCount { get; init; }

    /// <summary>How long the claim holds unless renewed.</summary>
    public required TimeSpan Lease { get; init; }

    /// <summary>The most messages of one instance running at once across all nodes; 0 or less: no cap.</summary>
    public int MaxRunningPerInstance { get; init; }
}

/// <summary>A claim on a stored message: which message, and the fencing token that proves the claim is current.</summary>
/// <param name="ExecutionId">The message's execution id.</param>
/// <param name="Fence">The token the claim took; a later claim takes a higher one.</param>
public readonly record struct MessageClaim(Guid ExecutionId, long Fence);

/// <summary>A message claimed for execution.</summary>
public sealed class ClaimedMessage
{
    /// <summary>The execution id, the same on every delivery.</summary>
    public required Guid ExecutionId { get; init; }

    /// <summary>The instance, or <see cref="FlowContext.DefaultInstanceId"/>.</summary>
    public required string InstanceId { get; init; }

    /// <summary>What accepted it.</summary>
    public required string Trigger { get; init; }

    /// <summary>The payload as JSON.</summary>
    public required ReadOnlyMemory<byte> Payload { get; init; }

    /// <summary>When it was accepted.</summary>
    public required DateTimeOffset AcceptedAt { get; init; }

    /// <summary>Deliveries so far, this one included (1 on the first).</summary>
    public required int Deliveries { get; init; }

    /// <summary>This claim's fencing token.</summary>
    public required long Fence { get; init; }

    /// <summary>The claim, to record the outcome or release it.</summary>
    public MessageClaim Claim => new(ExecutionId, Fence);
}

/// <summary>The outcome of a claimed message, to record.</summary>
/// <param name="Claim">The claim it ran under.</param>
/// <param name="Outcome">How it ended.</param>
/// <param name="EndedAt">When it ended.</param>
public readonly record struct MessageCompletion(MessageClaim Claim, FlowOutcome Outcome, DateTimeOffset EndedAt)
{
    /// <summary>The failing step's method name, for an instance's history row; null leaves what the row holds.</summary>
    public string? FailedStep { get; init; }

    /// <summary>The error as the history shows it (secrets redacted, no stack trace); null leaves what the row holds.</summary>
    public string? Error { get; init; }
}
