using FlowSdk.Instances;

namespace FlowSdk.Management;

/// <summary>An instance's OAuth 2.0 connection: never a token.</summary>
/// <param name="Name">The connection's name within the flow.</param>
/// <param name="Grant">How tokens are obtained: <c>AuthorizationCode</c> or <c>ClientCredentials</c>.</param>
/// <param name="State"><c>Connected</c>, <c>NeedsConsent</c> or <c>Refreshing</c>.</param>
/// <param name="ExpiresAt">When the stored access token expires, or null.</param>
/// <param name="Scopes">The scopes granted (or asked for), space-separated, or null.</param>
/// <param name="LastError">Why the last refresh or call failed, or null.</param>
public sealed record ConnectionResponse(string Name, OAuthGrant Grant, FlowConnectionState State, DateTimeOffset? ExpiresAt, string? Scopes, string? LastError)
{
    internal static ConnectionResponse From(FlowConnection connection) =>
        new(connection.Name, connection.Grant, connection.State, connection.ExpiresAt, connection.Scopes, connection.LastError);
}
