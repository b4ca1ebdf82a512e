using FlowSdk.Instances;
using FlowSdk.Instances.Hosting;

namespace CustomerSync;

/// <summary>
/// Reads a customer's CRM key from its instance's secrets, through the host's binding of the instance: decrypted once
/// per instance version, not per message.
/// </summary>
public sealed class InstanceCrmKeys(InstanceCatalog catalog, InstanceBindings bindings) : ICrmKeys
{
    /// <inheritdoc/>
    public async ValueTask<string> GetApiKeyAsync(string instanceId, CancellationToken cancellationToken)
    {
        if (!catalog.TryGet(instanceId, out var instance))
        {
            throw new InvalidOperationException($"Instance '{instanceId}' no longer exists.");
        }

        var secrets = await bindings.Get(instance).GetSecretsAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Instance '{instanceId}' no longer exists.");
        return secrets.GetValue(CustomerSyncSettings.CrmApiKeySecret);
    }
}
