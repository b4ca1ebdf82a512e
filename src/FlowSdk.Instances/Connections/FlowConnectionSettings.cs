namespace FlowSdk.Instances;

/// <summary>
/// The authorization server and client of one flow's connection, from configuration
/// <c>Flows:{flow}:Connections:{name}</c>. The client id and secret may instead come from each instance's secrets
/// (<see cref="ClientIdSecretName"/>, <see cref="ClientSecretSecretName"/>), for a customer who registers their own client.
/// </summary>
public sealed class FlowConnectionSettings
{
    /// <summary>The authorization endpoint (authorization code only).</summary>
    public Uri? AuthorizeEndpoint { get; set; }

    /// <summary>The token endpoint.</summary>
    public Uri? TokenEndpoint { get; set; }

    /// <summary>The client id, unless <see cref="ClientIdSecretName"/> names an instance secret that holds it.</summary>
    public string? ClientId { get; set; }

    /// <summary>The client secret, or null for a public client (PKCE alone).</summary>
    public string? ClientSecret { get; set; }

    /// <summary>The instance secret holding the client id, overriding <see cref="ClientId"/> when the instance has it.</summary>
    public string? ClientIdSecretName { get; set; }

    /// <summary>The instance secret holding the client secret, overriding <see cref="ClientSecret"/> when the instance has it.</summary>
    public string? ClientSecretSecretName { get; set; }

    /// <summary>The scopes to ask for (space-separated), overriding the <see cref="FlowConnectionAttribute.Scopes"/> declared.</summary>
    public string? Scopes { get; set; }

    /// <summary>
    /// Where the authorization server sends the browser back: the management API's
    /// <c>{prefix}/connections/callback</c> as the server can reach it, registered with the client. Falls back to
    /// <see cref="FlowConnectionOptions.RedirectUri"/>.
    /// </summary>
    public Uri? RedirectUri { get; set; }
}
