namespace FlowSdk.Management;

/// <summary>The answer to a re-encryption, counted in instances and, apart, in connections.</summary>
/// <param name="ReEncrypted">Instances whose secrets were rewritten under the active key.</param>
/// <param name="AlreadyCurrent">Instances with nothing to rewrite.</param>
/// <param name="Failed">Instances whose secrets do not decrypt with the configured keys (logged by id, left unchanged).</param>
public sealed record ReEncryptionResponse(int ReEncrypted, int AlreadyCurrent, int Failed)
{
    /// <summary>Connections whose OAuth tokens were rewritten under the active key.</summary>
    public int ConnectionsReEncrypted { get; init; }

    /// <summary>Connections with nothing to rewrite.</summary>
    public int ConnectionsAlreadyCurrent { get; init; }

    /// <summary>Connections whose tokens do not decrypt (logged, left unchanged), or that kept changing while the run tried to rewrite them.</summary>
    public int ConnectionsFailed { get; init; }
}
