namespace FlowSdk.Management;

/// <summary>A started consent: open <paramref name="AuthorizeUrl"/> in a browser as the person who grants the access.</summary>
/// <param name="AuthorizeUrl">The authorization server's URL, with the PKCE challenge and a single-use state.</param>
public sealed record ConnectionConsentResponse(Uri AuthorizeUrl);
