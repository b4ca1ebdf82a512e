using FlowSdk.Hosting;

namespace FlowSdk.Instances.Hosting;

/// <summary>The publisher DI hands out for <see cref="IFlowInstancePublisher{TFlow, TPayload}"/>.</summary>
internal sealed class FlowInstancePublisher<TFlow, TPayload> : IFlowInstancePublisher<TFlow, TPayload>
    where TFlow : class, IFlowInput<TPayload>
{
    private readonly IFlowQueueWriter<TPayload> _queue;
    private readonly InstanceBindings _bindings;

    public FlowInstancePublisher(FlowRuntime runtime, InstanceBindings bindings)
    {
        var runner = runtime.Runners.FirstOrDefault(r => r.Definition.FlowType == typeof(TFlow))
            ?? throw new KeyNotFoundException($"Flow {typeof(TFlow).FullName} is not registered; call services.AddFlows().");
        if (!runner.Definition.Triggers.Any(t => t is ChannelTriggerAttribute))
        {
            throw new InvalidOperationException($"Flow '{runner.Definition.Name}' has no [ChannelTrigger]; add it to publish in process.");
        }

        _queue = runtime.GetQueueWriter<TPayload>(runner.Definition.Name);
        _bindings = bindings;
    }

    public ValueTask<Guid> PublishAsync(string instanceId, TPayload payload, CancellationToken cancellationToken = default) =>
        _queue.EnqueueAsync(Find(instanceId), payload, FlowTriggerNames.Channel, cancellationToken);

    public bool TryPublish(string instanceId, TPayload payload) => TryPublish(instanceId, payload, out _);

    public bool TryPublish(string instanceId, TPayload payload, out Guid executionId) =>
        _queue.TryEnqueue(Find(instanceId), payload, FlowTriggerNames.Channel, out executionId);

    private InstanceBinding Find(string instanceId)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        return _bindings.TryGetRunnable(instanceId, _queue.FlowName, out var binding)
            ? binding
            : throw new InstanceNotFoundException(instanceId);
    }
}
