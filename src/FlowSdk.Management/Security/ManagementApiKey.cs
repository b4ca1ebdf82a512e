namespace FlowSdk.Management;

/// <summary>
/// An API key accepted by the management API: its <see cref="Name"/>, its <see cref="Role"/>, and exactly one of
/// <see cref="Key"/> (the key itself) or <see cref="KeyHash"/> (its SHA-256 digest, so configuration need not hold the key).
/// A key that breaks a rule stops the host from starting, with a message naming the key.
/// </summary>
public sealed class ManagementApiKey
{
    /// <summary>The form a <see cref="KeyHash"/> starts with.</summary>
    public const string HashPrefix = "sha256:";

    /// <summary>The fewest characters a plain <see cref="Key"/> may have.</summary>
    public const int MinimumKeyLength = 32;

    /// <summary>
    /// A name for the key's holder, unique among the keys; it becomes the caller's identity name (never the key itself)
    /// and the actor in the audit log.
    /// </summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>
    /// The key a caller sends in the <c>X-Api-Key</c> header: at least <see cref="MinimumKeyLength"/> characters (use
    /// random ones). Leave empty when <see cref="KeyHash"/> is set.
    /// </summary>
    public string Key { get; set; } = string.Empty;

    /// <summary>
    /// The key's SHA-256 digest instead of the key: <c>sha256:</c> followed by the 64 hex digits of SHA-256 over the key's
    /// UTF-8 bytes, for example from <c>printf %s "$KEY" | sha256sum</c>. Leave null when <see cref="Key"/> is set. The
    /// length rule cannot be checked for a hashed key: hash only keys of at least 32 random characters.
    /// </summary>
    public string? KeyHash { get; set; }

    /// <summary>What the key may do. Default <see cref="ManagementRole.Reader"/>.</summary>
    public ManagementRole Role { get; set; } = ManagementRole.Reader;
}
