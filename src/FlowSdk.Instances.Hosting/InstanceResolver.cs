using FlowSdk.Hosting;

namespace FlowSdk.Instances.Hosting;

/// <summary>
/// Finds the binding of a stored message's instance. A message may be claimed before this node's catalog loaded or
/// caught up with the store (it was accepted on another node right after a deploy), so a miss reads the catalog once
/// more before the instance counts as gone.
/// </summary>
internal sealed class InstanceResolver(InstanceBindings bindings) : IFlowInstanceResolver
{
    public async ValueTask<FlowInstanceBinding?> ResolveAsync(string flowName, string instanceId, CancellationToken cancellationToken)
    {
        if (Find(flowName, instanceId) is { } binding)
        {
            return binding;
        }

        await bindings.Catalog.RefreshAsync(cancellationToken).ConfigureAwait(false);
        return Find(flowName, instanceId);
    }

    private InstanceBinding? Find(string flowName, string instanceId) =>
        bindings.Catalog.TryGet(instanceId, out var instance) && string.Equals(instance.FlowName, flowName, StringComparison.Ordinal)
            ? bindings.Get(instance)
            : null;
}
