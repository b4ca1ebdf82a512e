using FlowSdk.Instances;
using FlowSdk.Instances.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace FlowSdk.Components;

/// <summary>
/// The default <see cref="IFlowSecretSource"/>: the instance's secrets through its host binding, decrypted once per
/// instance version. The instance services are resolved on first use, not at construction, so a worker that supplies
/// its own source, or needs no secrets, does not have to register instances at all.
/// </summary>
internal sealed class InstanceSecretSource(IServiceProvider services) : IFlowSecretSource
{
    private (InstanceCatalog Catalog, InstanceBindings Bindings)? _instances;

    public async ValueTask<string?> GetSecretAsync(string instanceId, string name, CancellationToken cancellationToken)
    {
        var (catalog, bindings) = _instances ??= Resolve(services);
        if (!catalog.TryGet(instanceId, out var instance))
        {
            return null;
        }

        var secrets = await bindings.Get(instance).GetSecretsAsync(cancellationToken).ConfigureAwait(false);
        return secrets is not null && secrets.TryGetValue(name, out var value) ? value : null;
    }

    private static (InstanceCatalog, InstanceBindings) Resolve(IServiceProvider services) =>
        (services.GetService<InstanceCatalog>(), services.GetService<InstanceBindings>()) is ({ } catalog, { } bindings)
            ? (catalog, bindings)
            : throw new InvalidOperationException(
                "Instance secrets are read through FlowSdk instances hosting: call services.AddFlowInstances(...) and services.AddFlowInstancesHosting(), or register your own IFlowSecretSource.");
}
