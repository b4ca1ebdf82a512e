namespace FlowSdk.Instances;

/// <summary>
/// The AES-256-GCM keys that encrypt instance secrets. Every node that shares a store needs the same keys; keep them in
/// the deployment's secret manager, not in the store. Rotate by adding a key, making it active and keeping the old one
/// for reading until every secret has been rewritten.
/// </summary>
public sealed class SecretProtectionOptions
{
    /// <summary>The id of the key that encrypts new values; must be one of <see cref="Keys"/>.</summary>
    public string? ActiveKeyId { get; set; }

    /// <summary>Keys by id (letters, digits, '-' and '_'); each value is 32 random bytes in base64.</summary>
    public Dictionary<string, string> Keys { get; } = new(StringComparer.Ordinal);
}
