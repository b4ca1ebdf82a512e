namespace FlowSdk.Instances;

/// <summary>An instance's OAuth 2.0 connection as stored, without its tokens.</summary>
public sealed record FlowConnection
{
    /// <summary>The flow that declares the connection.</summary>
    public required string FlowName { get; init; }

    /// <summary>The instance the grant belongs to.</summary>
    public required string InstanceId { get; init; }

    /// <summary>The connection's name within the flow.</summary>
    public required string Name { get; init; }

    /// <summary>How tokens are obtained.</summary>
    public required OAuthGrant Grant { get; init; }

    /// <summary>Where the connection stands.</summary>
    public required FlowConnectionState State { get; init; }

    /// <summary>When the stored access token expires, or null when there is none or the server did not say.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>The scopes granted, separated by spaces, or null.</summary>
    public string? Scopes { get; init; }

    /// <summary>Why the last refresh or call failed (redacted; never a token), or null.</summary>
    public string? LastError { get; init; }

    /// <summary>Whether an access token is stored.</summary>
    public bool HasToken { get; init; }

    /// <summary>Raised on every change of the row: a node waiting for another's refresh watches it move.</summary>
    public long Version { get; init; }
}
