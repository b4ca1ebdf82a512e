namespace FlowSdk.Hosting;

/// <summary>
/// Publishes payloads into the bounded queue of flow <typeparamref name="TFlow"/>, which must carry
/// <see cref="ChannelTriggerAttribute"/>. Inject it from DI; a payload of the wrong type does not compile.
/// </summary>
/// <typeparam name="TFlow">The flow class.</typeparam>
/// <typeparam name="TPayload">The flow's first-step payload type.</typeparam>
public interface IFlowPublisher<TFlow, TPayload>
    where TFlow : class, IFlowInput<TPayload>
{
    /// <summary>Enqueues <paramref name="payload"/>, waiting while the queue is full (backpressure).</summary>
    /// <returns>The execution id.</returns>
    /// <exception cref="InvalidOperationException">The host is stopping.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired while waiting for room; nothing was enqueued.</exception>
    ValueTask<Guid> PublishAsync(TPayload payload, CancellationToken cancellationToken = default);

    /// <summary>Enqueues <paramref name="payload"/> if the queue has room; never waits.</summary>
    /// <returns>False when the queue is full or the host is stopping: nothing was enqueued.</returns>
    bool TryPublish(TPayload payload);

    /// <summary>Enqueues <paramref name="payload"/> if the queue has room; never waits.</summary>
    /// <param name="payload">The payload.</param>
    /// <param name="executionId">The execution id, or <see cref="Guid.Empty"/> when nothing was enqueued.</param>
    /// <returns>False when the queue is full or the host is stopping: nothing was enqueued.</returns>
    bool TryPublish(TPayload payload, out Guid executionId);
}

/// <summary>The publisher DI hands out for <see cref="IFlowPublisher{TFlow, TPayload}"/>.</summary>
internal sealed class FlowPublisher<TFlow, TPayload> : IFlowPublisher<TFlow, TPayload>
    where TFlow : class, IFlowInput<TPayload>
{
    private readonly IFlowQueue<TPayload> _queue;

    public FlowPublisher(FlowRuntime runtime)
    {
        _queue = runtime.GetQueue<TPayload>(typeof(TFlow));
        if (!_queue.HasTrigger<ChannelTriggerAttribute>())
        {
            throw new InvalidOperationException($"Flow '{_queue.FlowName}' has no [ChannelTrigger]; add it to publish in process.");
        }
    }

    public ValueTask<Guid> PublishAsync(TPayload payload, CancellationToken cancellationToken = default) =>
        _queue.EnqueueAsync(payload, null, FlowTriggerNames.Channel, cancellationToken);

    public bool TryPublish(TPayload payload) => _queue.TryEnqueue(payload, null, FlowTriggerNames.Channel, null, System.Diagnostics.Activity.Current?.Context ?? default, out _);

    public bool TryPublish(TPayload payload, out Guid executionId) =>
        _queue.TryEnqueue(payload, null, FlowTriggerNames.Channel, null, System.Diagnostics.Activity.Current?.Context ?? default, out executionId);
}
