namespace FlowSdk.Instances;

/// <summary>Where an instance's OAuth 2.0 connection stands.</summary>
public enum FlowConnectionState
{
    /// <summary>Tokens are stored and usable (or, for client credentials, can be obtained without anyone's consent).</summary>
    Connected,

    /// <summary>No usable grant: never consented, disconnected, or the grant was revoked or expired. Start a consent.</summary>
    NeedsConsent,

    /// <summary>A node is refreshing the tokens right now; the others wait for its result.</summary>
    Refreshing,
}
