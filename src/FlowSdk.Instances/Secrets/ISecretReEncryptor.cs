namespace FlowSdk.Instances;

/// <summary>
/// Moves every stored secret to the key that protects new values (<see cref="SecretProtectionOptions.ActiveKeyId"/>), so
/// an old key can be removed from the options afterwards.
/// </summary>
public interface ISecretReEncryptor
{
    /// <summary>
    /// Rewrites, in batches, every instance whose secrets are not all under the active key. An instance's version does
    /// not change (the plaintext does not), so no client's <c>If-Match</c> goes stale. An instance whose secrets do not
    /// decrypt is counted, logged by id and left as it is; it never stops the run.
    /// </summary>
    Task<SecretReEncryptionResult> ReEncryptSecretsAsync(CancellationToken cancellationToken = default);
}

/// <summary>What a re-encryption did, counted in instances.</summary>
/// <param name="ReEncrypted">Instances whose secrets were rewritten under the active key.</param>
/// <param name="AlreadyCurrent">Instances that had nothing to rewrite (no secrets, or all under the active key).</param>
/// <param name="Failed">Instances whose secrets did not decrypt with the configured keys; left unchanged.</param>
public sealed record SecretReEncryptionResult(int ReEncrypted, int AlreadyCurrent, int Failed);
