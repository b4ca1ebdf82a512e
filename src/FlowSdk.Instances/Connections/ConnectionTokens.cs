namespace FlowSdk.Instances;

/// <summary>
/// Decrypted tokens of a connection, for the code that calls the API. <see cref="ToString"/> shows no value; apply
/// <see cref="Redact"/> to any text before it is logged or stored.
/// </summary>
/// <param name="AccessToken">The access token.</param>
/// <param name="RefreshToken">The refresh token, or null (client credentials, or the server issued none).</param>
public sealed record ConnectionTokens(string AccessToken, string? RefreshToken)
{
    /// <summary>Masks both tokens in <paramref name="text"/> through <see cref="InstanceSecrets.Redact"/>.</summary>
    public string? Redact(string instanceId, string? text)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal) { ["access_token"] = AccessToken };
        if (RefreshToken is not null)
        {
            values["refresh_token"] = RefreshToken;
        }

        return new InstanceSecrets(instanceId, values).Redact(text);
    }

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
