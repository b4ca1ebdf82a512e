using Microsoft.AspNetCore.Authentication;

namespace FlowSdk.Management;

/// <summary>Options of <see cref="ApiKeyAuthenticationHandler"/>.</summary>
public sealed class ApiKeyAuthenticationOptions : AuthenticationSchemeOptions
{
    /// <summary>The header that carries the key. Default <c>X-Api-Key</c>.</summary>
    public string HeaderName { get; set; } = ApiKeyAuthenticationDefaults.HeaderName;

    /// <summary>The accepted keys.</summary>
    public IList<ManagementApiKey> Keys { get; } = [];

    /// <summary>The keys' digests: set once these options are configured, so requests never hash the configured keys.</summary>
    internal ApiKeyDigests? Digests { get; set; }
}
