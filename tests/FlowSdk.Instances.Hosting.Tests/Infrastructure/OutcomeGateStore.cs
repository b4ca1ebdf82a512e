using System.Collections.Concurrent;
using FlowSdk.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace FlowSdk.Instances.Hosting.Tests;

/// <summary>
/// The host's message store with its outcome writes held at a gate until <see cref="Open"/> and its claims logged;
/// everything else passes.
/// </summary>
public sealed class OutcomeGateStore(IFlowMessageStore inner) : IFlowMessageStore
{
    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _held;

    /// <summary>Outcomes that reached the gate (held, or passed once open).</summary>
    public int Held => Volatile.Read(ref _held);

    /// <summary>Every claim that found messages: how many it asked for and how many it got.</summary>
    public ConcurrentQueue<(int Asked, int Got)> Claims { get; } = new();

    /// <summary>Completes when the first outcome write reaches the gate (outcomes are written after the step ran, by another loop).</summary>
    public Task Reached => _reached.Task;

    /// <summary>Puts the gate in front of the store <paramref name="services"/> registered last.</summary>
    public static void Use(IServiceCollection services)
    {
        var registered = services.Last(d => d.ServiceType == typeof(IFlowMessageStore));
        services.AddSingleton(sp => new OutcomeGateStore((IFlowMessageStore)registered.ImplementationFactory!(sp)));
        services.AddSingleton<IFlowMessageStore>(sp => sp.GetRequiredService<OutcomeGateStore>());
    }

    public void Open() => _open.TrySetResult();

    public async Task<IReadOnlyList<bool>> CompleteAsync(IReadOnlyList<MessageCompletion> completions, CancellationToken cancellationToken = default)
    {
        Interlocked.Add(ref _held, completions.Count);
        _reached.TrySetResult();
        await _open.Task.WaitAsync(cancellationToken);
        return await inner.CompleteAsync(completions, cancellationToken);
    }

    public ValueTask<MessageAcceptance> AcceptAsync(StoredMessage message, CancellationToken cancellationToken = default) => inner.AcceptAsync(message, cancellationToken);

    public async Task<IReadOnlyList<ClaimedMessage>> ClaimAsync(ClaimRequest request, CancellationToken cancellationToken = default)
    {
        var claimed = await inner.ClaimAsync(request, cancellationToken);
        if (claimed.Count > 0)
        {
            Claims.Enqueue((request.MaxCount, claimed.Count));
        }

        return claimed;
    }

    public Task<int> RenewLeasesAsync(string nodeId, TimeSpan lease, CancellationToken cancellationToken = default) => inner.RenewLeasesAsync(nodeId, lease, cancellationToken);

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
