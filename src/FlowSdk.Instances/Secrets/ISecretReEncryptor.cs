namespace FlowSdk.Instances;

/// <summary>
/// Moves every stored secret to the key that protects new values (<see cref="SecretProtectionOptions.ActiveKeyId"/>), so
/// an old key can be removed from the options afterwards.
/// </summary>
public interface ISecretReEncryptor
{
    /// <summary>
    /// Rewrites, in batches, every instance whose secrets are not all under the active key, then every connection whose
    /// stored OAuth tokens are not (<see cref="IFlowConnectionStore"/>). Neither an instance's nor a connection's version
    /// changes (the plaintext does not), so no client's <c>If-Match</c> goes stale and a node that read a connection before
    /// may still take its refresh lease. An instance or connection that does not decrypt is counted, logged by id and left
    /// as it is; it never stops the run. One changed meanwhile (a refresh storing new tokens) is read again, never
    /// overwritten.
    /// </summary>
    Task<SecretReEncryptionResult> ReEncryptSecretsAsync(CancellationToken cancellationToken = default);
}

/// <summary>What a re-encryption did, counted in instances and, apart, in connections.</summary>
/// <param name="ReEncrypted">Instances whose secrets were rewritten under the active key.</param>
/// <param name="AlreadyCurrent">Instances that had nothing to rewrite (no secrets, or all under the active key).</param>
/// <param name="Failed">Instances whose secrets did not decrypt with the configured keys; left unchanged.</param>
public sealed record SecretReEncryptionResult(int ReEncrypted, int AlreadyCurrent, int Failed)
{
    /// <summary>Connections whose tokens were rewritten under the active key.</summary>
    public int ConnectionsReEncrypted { get; init; }

    /// <summary>Connections that had nothing to rewrite (no tokens, or all under the active key).</summary>
    public int ConnectionsAlreadyCurrent { get; init; }

    /// <summary>
    /// Connections whose tokens did not decrypt with the configured keys (left unchanged; the connection reads as needing
    /// consent), or that changed on every one of three reads while the run tried to rewrite them.
    /// </summary>
    public int ConnectionsFailed { get; init; }
}
