namespace FlowSdk.Management;

/// <summary>The answer to a re-encryption, counted in instances.</summary>
/// <param name="ReEncrypted">Instances whose secrets were rewritten under the active key.</param>
/// <param name="AlreadyCurrent">Instances with nothing to rewrite.</param>
/// <param name="Failed">Instances whose secrets do not decrypt with the configured keys (logged by id, left unchanged).</param>
public sealed record ReEncryptionResponse(int ReEncrypted, int AlreadyCurrent, int Failed);
