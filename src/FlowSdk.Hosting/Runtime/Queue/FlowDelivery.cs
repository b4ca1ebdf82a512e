namespace FlowSdk.Hosting;

/// <summary>
/// A sender's id for one delivery of a message (a webhook's delivery id, its idempotency key), and how long it is
/// remembered: while it is, the same key offered again to the same flow and instance is not run again but answered with
/// the execution it started (<see cref="FlowEnqueueResult.IsRedelivery"/>). Needs a message store; it is kept there, so
/// it holds across nodes.
/// </summary>
/// <param name="Key">The delivery id; at most 512 characters.</param>
/// <param name="Retention">How long the key is remembered after the first delivery.</param>
public readonly record struct FlowDelivery(string Key, TimeSpan Retention);
