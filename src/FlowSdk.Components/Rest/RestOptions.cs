namespace FlowSdk.Components.Rest;

/// <summary>Options of <see cref="RestClient"/>.</summary>
public sealed class RestOptions
{
    /// <summary>
    /// How long before its expiry an OAuth2 token is replaced (at most half its lifetime), so a request never leaves
    /// with a token that expires on the way. Default 60 seconds.
    /// </summary>
    public TimeSpan TokenRefreshMargin { get; set; } = TimeSpan.FromSeconds(60);
}
