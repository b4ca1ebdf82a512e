namespace FlowSdk.Instances.Hosting;

/// <summary>
/// Publishes payloads to one instance of flow <typeparamref name="TFlow"/>, which must carry
/// <see cref="ChannelTriggerAttribute"/>: the execution runs with that instance's configuration, in its lane of the
/// flow's queue. Inject it from DI; a payload of the wrong type does not compile.
/// </summary>
/// <typeparam name="TFlow">The flow class.</typeparam>
/// <typeparam name="TPayload">The flow's first-step payload type.</typeparam>
public interface IFlowInstancePublisher<TFlow, TPayload>
    where TFlow : class, IFlowInput<TPayload>
{
    /// <summary>Enqueues <paramref name="payload"/> for <paramref name="instanceId"/>, waiting while the queue or the instance's lane is full.</summary>
    /// <returns>The execution id.</returns>
    /// <exception cref="InstanceNotFoundException">No enabled instance of this flow has that id (the message does not say which).</exception>
    /// <exception cref="InvalidOperationException">The host is stopping.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired while waiting for room; nothing was enqueued.</exception>
    ValueTask<Guid> PublishAsync(string instanceId, TPayload payload, CancellationToken cancellationToken = default);

    /// <summary>Enqueues <paramref name="payload"/> for <paramref name="instanceId"/> if there is room; never waits.</summary>
    /// <returns>False when the queue or the instance's lane is full or the host is stopping: nothing was enqueued.</returns>
    /// <exception cref="InstanceNotFoundException">No enabled instance of this flow has that id.</exception>
    bool TryPublish(string instanceId, TPayload payload);

    /// <summary>Enqueues <paramref name="payload"/> for <paramref name="instanceId"/> if there is room; never waits.</summary>
    /// <param name="instanceId">The instance.</param>
    /// <param name="payload">The payload.</param>
    /// <param name="executionId">The execution id, or <see cref="Guid.Empty"/> when nothing was enqueued.</param>
    /// <returns>False when the queue or the instance's lane is full or the host is stopping: nothing was enqueued.</returns>
    /// <exception cref="InstanceNotFoundException">No enabled instance of this flow has that id.</exception>
    bool TryPublish(string instanceId, TPayload payload, out Guid executionId);
}
