namespace FlowSdk.Components;

/// <summary>
/// Where components read an instance's secrets (API keys, passwords, client secrets) by name. The default,
/// registered with the components, reads the instance's decrypted secrets from FlowSdk.Instances hosting; a worker
/// without instances, or a test, registers its own.
/// </summary>
public interface IFlowSecretSource
{
    /// <summary>The value of secret <paramref name="name"/> of instance <paramref name="instanceId"/>, or null when it has none.</summary>
    ValueTask<string?> GetSecretAsync(string instanceId, string name, CancellationToken cancellationToken);
}
