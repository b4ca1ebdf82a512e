namespace FlowSdk.Management;

/// <summary>An API key accepted by the management API.</summary>
public sealed class ManagementApiKey
{
    /// <summary>A name for the key's holder; it becomes the caller's identity name (never the key itself).</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>The key a caller sends in the <c>X-Api-Key</c> header. Use at least 32 random characters.</summary>
    public string Key { get; set; } = string.Empty;

    /// <summary>What the key may do. Default <see cref="ManagementRole.Reader"/>.</summary>
    public ManagementRole Role { get; set; } = ManagementRole.Reader;
}
