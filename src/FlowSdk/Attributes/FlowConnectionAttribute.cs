namespace FlowSdk;

/// <summary>
/// Declares an OAuth 2.0 connection each instance of the flow needs, for example
/// <c>[FlowConnection("crm", OAuthGrant.AuthorizationCode, Scopes = "contacts.write")]</c>. The authorization server's
/// endpoints and client come from configuration per flow and connection; an authorization-code connection is granted
/// per instance through the management API's consent, a client-credentials connection needs no consent. Steps get an
/// authenticated <c>HttpClient</c> for it from <c>IFlowConnections</c> (package FlowSdk.Components).
/// </summary>
/// <param name="name">The connection's name within the flow: letters, digits, <c>-</c>, <c>_</c> and <c>.</c>.</param>
/// <param name="grant">How tokens are obtained.</param>
[AttributeUsage(AttributeTargets.Class, Inherited = false, AllowMultiple = true)]
public sealed class FlowConnectionAttribute(string name, OAuthGrant grant) : FlowDeclarationAttribute
{
    /// <summary>The connection's name within the flow.</summary>
    public string Name { get; } = name;

    /// <summary>How tokens are obtained.</summary>
    public OAuthGrant Grant { get; } = grant;

    /// <summary>The scopes to ask for, separated by spaces, or null for the configured ones (or the client's default).</summary>
    public string? Scopes { get; set; }
}

/// <summary>The OAuth 2.0 grant a <see cref="FlowConnectionAttribute"/> uses.</summary>
public enum OAuthGrant
{
    /// <summary>Authorization code with PKCE (RFC 7636, S256): a person consents once per instance; tokens are refreshed.</summary>
    AuthorizationCode,

    /// <summary>Client credentials: the client itself is authorized; no consent.</summary>
    ClientCredentials,
}
