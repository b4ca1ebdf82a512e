namespace FlowSdk.Hosting;

/// <summary>
/// Where accepted messages wait until an execution's outcome is recorded, so a crash loses none of them. When one is
/// registered (<c>UseSqlite()</c>, <c>UsePostgres()</c>), every flow host stores what its triggers accept before it
/// acknowledges it, claims stored messages with a lease, renews the lease while the execution runs and records the
/// outcome fenced by the claim: a node whose lease lapsed and whose message another node claimed cannot record over it.
/// Messages whose lease lapsed (their node crashed or stalled) are claimed again by any node.
/// </summary>
public interface IFlowMessageStore
{
    /// <summary>
    /// Stores <paramref name="message"/> durably, with a <c>Pending</c> history row for an instance's message. Completes
    /// once committed; implementations share one transaction among messages that arrive together (group commit).
    /// </summary>
    /// <remarks>
    /// Cancelling only takes effect while the message still waits for its transaction; once that began, the call waits for
    /// the commit. A message the database itself refuses (a value it cannot hold) fails alone with the driver's exception;
    /// the other messages of its transaction are stored.
    /// </remarks>
    /// <exception cref="FlowStoreUnavailableException">The store could not be reached; nothing was stored.</exception>
    /// <exception cref="ObjectDisposedException">The store was disposed.</exception>
    ValueTask<MessageAcceptance> AcceptAsync(StoredMessage message, CancellationToken cancellationToken = default);

    /// <summary>
    /// Claims up to <see cref="ClaimRequest.MaxCount"/> messages of one flow for a node, oldest round first (each
    /// instance's n-th waiting message before any instance's (n+1)-th), skipping instances already running
    /// <see cref="ClaimRequest.MaxRunningPerInstance"/> messages on any node. Messages whose lease lapsed are claimable.
    /// Each claim counts a delivery and takes a new fencing token; an instance's history row turns <c>Running</c>.
    /// </summary>
    /// <exception cref="FlowStoreUnavailableException">The store could not be reached.</exception>
    Task<IReadOnlyList<ClaimedMessage>> ClaimAsync(ClaimRequest request, CancellationToken cancellationToken = default);

    /// <summary>Extends the lease of every message <paramref name="nodeId"/> holds to <paramref name="lease"/> from now.</summary>
    /// <returns>How many leases were extended.</returns>
    /// <exception cref="FlowStoreUnavailableException">The store could not be reached.</exception>
    Task<int> RenewLeasesAsync(string nodeId, TimeSpan lease, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records outcomes: each message is removed if its claim still holds (same fencing token), and an instance's history
    /// row gets the outcome, all in one transaction.
    /// </summary>
    /// <returns>Per completion, in order: true when recorded, false when the claim was lost (stale; nothing written).</returns>
    /// <exception cref="FlowStoreUnavailableException">The store could not be reached.</exception>
    Task<IReadOnlyList<bool>> CompleteAsync(IReadOnlyList<MessageCompletion> completions, CancellationToken cancellationToken = default);

    /// <summary>
    /// Gives claimed messages back without counting their delivery (a node stopping before it ran them); a claim that was
    /// lost meanwhile is left alone.
    /// </summary>
    /// <exception cref="FlowStoreUnavailableException">The store could not be reached.</exception>
    Task ReleaseAsync(IReadOnlyList<MessageClaim> claims, CancellationToken cancellationToken = default);

    /// <summary>
    /// The execution that took delivery <paramref name="deliveryKey"/> of a flow's instance while it is remembered, or
    /// null: what a redelivered request is answered with.
    /// </summary>
    /// <exception cref="FlowStoreUnavailableException">The store could not be reached.</exception>
    Task<Guid?> FindDeliveryAsync(string flowName, string instanceId, string deliveryKey, CancellationToken cancellationToken = default);

    /// <summary>
    /// Remembers delivery <paramref name="deliveryKey"/> as taken by <paramref name="executionId"/> until
    /// <paramref name="expiresAt"/>, for a flow whose messages stay in memory (a stored message records its delivery as it
    /// is accepted, <see cref="StoredMessage.DeliveryKey"/>).
    /// </summary>
    /// <returns>Null when recorded; else the execution that took the delivery before.</returns>
    /// <exception cref="FlowStoreUnavailableException">The store could not be reached.</exception>
    Task<Guid?> RecordDeliveryAsync(string flowName, string instanceId, string deliveryKey, Guid executionId, DateTimeOffset expiresAt, CancellationToken cancellationToken = default);

    /// <summary>Forgets a delivery <see cref="RecordDeliveryAsync"/> recorded for <paramref name="executionId"/> (its message was then refused).</summary>
    /// <exception cref="FlowStoreUnavailableException">The store could not be reached.</exception>
    Task ForgetDeliveryAsync(string flowName, string instanceId, string deliveryKey, Guid executionId, CancellationToken cancellationToken = default);

    /// <summary>The latest schedule occurrence accepted for a flow's instance, or null when none was.</summary>
    /// <exception cref="FlowStoreUnavailableException">The store could not be reached.</exception>
    Task<DateTimeOffset?> GetLastOccurrenceAsync(string flowName, string instanceId, CancellationToken cancellationToken = default);
}
