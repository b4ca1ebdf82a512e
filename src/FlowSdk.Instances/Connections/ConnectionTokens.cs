namespace FlowSdk.Instances;

/// <summary>
/// Decrypted tokens of a connection, for the code that calls the API. <see cref="ToString"/> shows no value; mask them
/// with <see cref="InstanceSecrets.Redact"/> in any text before it is logged or stored.
/// </summary>
/// <param name="AccessToken">The access token.</param>
/// <param name="RefreshToken">The refresh token, or null (client credentials, or the server issued none).</param>
public sealed record ConnectionTokens(string AccessToken, string? RefreshToken)
{
    /// <summary>No token value.</summary>
    public override string ToString() => "ConnectionTokens(***)";
}

/// <summary>A connection with its decrypted tokens, or null tokens when none are stored.</summary>
/// <param name="Connection">The connection.</param>
/// <param name="Tokens">Its tokens, or null.</param>
public sealed record StoredConnection(FlowConnection Connection, ConnectionTokens? Tokens)
{
    /// <summary>No token value.</summary>
    public override string ToString() => $"StoredConnection({Connection.InstanceId}/{Connection.Name}: {Connection.State})";
}
