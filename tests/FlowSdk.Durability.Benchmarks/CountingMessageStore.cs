using System.Reflection;
using FlowSdk.Hosting;

namespace FlowSdk.Durability.Benchmarks;

/// <summary>
/// For <c>diagnose</c>: passes every call on to the store and counts what the host asked of it, so the batch sizes of
/// accepts, claims and outcomes can be read beside the server's counters.
/// </summary>
public sealed class CountingMessageStore(IFlowMessageStore inner) : IFlowMessageStore
{
    private long _accepts;
    private long _acceptedClaimed;
    private long _claims;
    private long _emptyClaims;
    private long _claimed;
    private long _completes;
    private long _completions;
    private long _renewals;

    /// <summary>
    /// Accepts, claim calls, claims that found nothing, messages claimed, outcome writes, outcomes, lease renewals, the
    /// store's accept transactions, accepts stored already claimed by this node (<see cref="StoredMessage.ClaimFor"/>).
    /// </summary>
    public long[] Snapshot() =>
    [
        Interlocked.Read(ref _accepts), Interlocked.Read(ref _claims), Interlocked.Read(ref _emptyClaims), Interlocked.Read(ref _claimed),
        Interlocked.Read(ref _completes), Interlocked.Read(ref _completions), Interlocked.Read(ref _renewals), AcceptTransactions(),
        Interlocked.Read(ref _acceptedClaimed),
    ];

    /// <summary>The SQL store's own count of accept transactions (internal; read by reflection), or -1.</summary>
    private long AcceptTransactions() =>
        inner.GetType().GetProperty("AcceptTransactions", BindingFlags.Instance | BindingFlags.NonPublic)?.GetValue(inner) is long count ? count : -1;

    public ValueTask<MessageAcceptance> AcceptAsync(StoredMessage message, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _accepts);
        if (message.ClaimFor is not null)
        {
            Interlocked.Increment(ref _acceptedClaimed);
        }

        return inner.AcceptAsync(message, cancellationToken);
    }

    public async Task<IReadOnlyList<ClaimedMessage>> ClaimAsync(ClaimRequest request, CancellationToken cancellationToken = default)
    {
        var claimed = await inner.ClaimAsync(request, cancellationToken).ConfigureAwait(false);
        Interlocked.Increment(ref _claims);
        Interlocked.Add(ref _claimed, claimed.Count);
        if (claimed.Count == 0)
        {
            Interlocked.Increment(ref _emptyClaims);
        }

        return claimed;
    }

    public Task<int> RenewLeasesAsync(string nodeId, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _renewals);
        return inner.RenewLeasesAsync(nodeId, lease, cancellationToken);
    }

    public Task<IReadOnlyList<bool>> CompleteAsync(IReadOnlyList<MessageCompletion> completions, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _completes);
        Interlocked.Add(ref _completions, completions.Count);
        return inner.CompleteAsync(completions, cancellationToken);
    }

    public Task ReleaseAsync(IReadOnlyList<MessageClaim> claims, CancellationToken cancellationToken = default) => inner.ReleaseAsync(claims, cancellationToken);

    public Task<Guid?> FindDeliveryAsync(string flowName, string instanceId, string deliveryKey, CancellationToken cancellationToken = default) =>
        inner.FindDeliveryAsync(flowName, instanceId, deliveryKey, cancellationToken);

    public Task<Guid?> RecordDeliveryAsync(string flowName, string instanceId, string deliveryKey, Guid executionId, DateTimeOffset expiresAt, CancellationToken cancellationToken = default) =>
        inner.RecordDeliveryAsync(flowName, instanceId, deliveryKey, executionId, expiresAt, cancellationToken);

    public Task ForgetDeliveryAsync(string flowName, string instanceId, string deliveryKey, Guid executionId, CancellationToken cancellationToken = default) =>
        inner.ForgetDeliveryAsync(flowName, instanceId, deliveryKey, executionId, cancellationToken);

    public Task<DateTimeOffset?> GetLastOccurrenceAsync(string flowName, string instanceId, CancellationToken cancellationToken = default) =>
        inner.GetLastOccurrenceAsync(flowName, instanceId, cancellationToken);
}
