using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Duende.IdentityModel.Client;

namespace FlowSdk.Instances;

public sealed partial class FlowConnectionManager
{
    // The consent state is encrypted and authenticated with the secret protector (AES-GCM under the configured keys), so
    // every node can read it and no one can alter it or read the PKCE verifier inside. Its nonce is stored on the
    // connection's row and used up by the first callback: a state works once, for one instance and connection, until it expires.
    private const string StatePurpose = "flowsdk.connection-consent-state";
    private const string StateVersion = "1";

    /// <summary>
    /// Starts a consent for an instance's authorization-code connection: answers the authorization server's URL to open
    /// in a browser, carrying the PKCE challenge (S256) and a single-use state that expires after
    /// <see cref="FlowConnectionOptions.ConsentLifetime"/>. Starting again replaces an unfinished consent.
    /// </summary>
    /// <exception cref="InstanceNotFoundException">There is no such instance.</exception>
    /// <exception cref="FlowConsentException">The flow declares no such connection, it needs no consent, or its settings are incomplete.</exception>
    public async Task<Uri> StartConsentAsync(string instanceId, string name, CancellationToken cancellationToken = default)
    {
        var instance = await _instances.GetAsync(instanceId, cancellationToken).ConfigureAwait(false) ?? throw new InstanceNotFoundException(instanceId);
        var declared = Declaration(instance.FlowName, name) ?? throw new FlowConsentException($"Flow '{instance.FlowName}' declares no connection '{name}'.");
        if (declared.Grant != OAuthGrant.AuthorizationCode)
        {
            throw new FlowConsentException($"Connection '{name}' of flow '{instance.FlowName}' uses client credentials and needs no consent.");
        }

        var client = await ClientAsync(instance.FlowName, instanceId, declared, cancellationToken).ConfigureAwait(false);
        if (client.AuthorizeEndpoint is null || client.TokenEndpoint is null || client.ClientId is null || client.RedirectUri is null)
        {
            throw new FlowConsentException(
                $"Connection '{name}' of flow '{instance.FlowName}' is not configured: set AuthorizeEndpoint, TokenEndpoint, ClientId and RedirectUri under Flows:{instance.FlowName}:Connections:{name}.");
        }

        var verifier = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var challenge = Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        var nonce = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));
        var expires = (_time.GetUtcNow() + _options.ConsentLifetime).ToUnixTimeMilliseconds();
        var state = _protector.Protect(
            string.Join('\n', StateVersion, instanceId, name, nonce, verifier, expires.ToString(CultureInfo.InvariantCulture)), StatePurpose);
        await _store.BeginConsentAsync(instance.FlowName, instanceId, name, nonce, cancellationToken).ConfigureAwait(false);
        Log.ConsentStarted(_logger, instanceId, name);
        return new Uri(new RequestUrl(client.AuthorizeEndpoint.AbsoluteUri).CreateAuthorizeUrl(
            clientId: client.ClientId,
            responseType: "code",
            scope: client.Scopes,
            redirectUri: client.RedirectUri.AbsoluteUri,
            state: state,
            codeChallenge: challenge,
            codeChallengeMethod: "S256"));
    }

    /// <summary>
    /// Completes a consent at the callback: checks the state (authentic, not expired, not used), exchanges the code with
    /// the PKCE verifier and stores the tokens encrypted. Answers the connection, now <see cref="FlowConnectionState.Connected"/>.
    /// </summary>
    /// <exception cref="FlowConsentException">The state is invalid, expired or used, or the server refused the code; the message names no token.</exception>
    public async Task<FlowConnection> CompleteConsentAsync(string? code, string? state, CancellationToken cancellationToken = default)
    {
        var (instanceId, name, nonce, verifier, expires) = ReadState(state);
        if (_time.GetUtcNow() > expires)
        {
            throw Refused("The consent expired; start it again.");
        }

        if (string.IsNullOrEmpty(code))
        {
            throw Refused("The authorization server sent no code.");
        }

        var instance = await _instances.GetAsync(instanceId, cancellationToken).ConfigureAwait(false) ?? throw Refused("The instance no longer exists.");
        var declared = Declaration(instance.FlowName, name) ?? throw Refused($"Flow '{instance.FlowName}' no longer declares connection '{name}'.");

        // Used up before the code is exchanged, so a replayed callback never redeems a code twice (which servers answer
        // by revoking what the code granted).
        if (!await _store.ClaimConsentAsync(instanceId, name, nonce, cancellationToken).ConfigureAwait(false))
        {
            throw Refused("This consent was completed or replaced already; start it again.");
        }

        var client = await ClientAsync(instance.FlowName, instanceId, declared, cancellationToken).ConfigureAwait(false);
        using var http = _http.CreateClient(FlowConnectionOptions.TokenHttpClientName);
        var response = await http.RequestAuthorizationCodeTokenAsync(new AuthorizationCodeTokenRequest
        {
            Address = client.TokenEndpoint?.AbsoluteUri,
            ClientId = client.ClientId ?? string.Empty,
            ClientSecret = client.ClientSecret,
            ClientCredentialStyle = ClientCredentialStyle.PostBody,
            Code = code,
            RedirectUri = client.RedirectUri?.AbsoluteUri ?? string.Empty,
            CodeVerifier = verifier,
        }, cancellationToken).ConfigureAwait(false);
        if (response.IsError || string.IsNullOrEmpty(response.AccessToken))
        {
            var tokens = response.AccessToken is { Length: > 0 } access ? new ConnectionTokens(access, response.RefreshToken) : null;
            throw Refused($"The authorization server refused the code ({Redact(instanceId, response.IsError ? Describe(response) : "no access token", tokens, client)}); start the consent again.");
        }

        var granted = new ConnectionTokens(response.AccessToken, response.RefreshToken);
        await _store.StoreGrantAsync(instanceId, name, granted, ExpiresAt(response), response.Scope ?? client.Scopes, cancellationToken).ConfigureAwait(false);
        Log.Connected(_logger, instanceId, name);
        var stored = await _store.GetConnectionAsync(instanceId, name, cancellationToken).ConfigureAwait(false);
        return stored?.Connection ?? throw Refused("The connection was deleted while it was granted.");
    }

    private (string InstanceId, string Name, string Nonce, string Verifier, DateTimeOffset Expires) ReadState(string? state)
    {
        if (string.IsNullOrEmpty(state))
        {
            throw Refused("The callback carries no state.");
        }

        string payload;
        try
        {
            payload = _protector.Unprotect(state, StatePurpose);
        }
        catch (Exception e) when (e is CryptographicException or FormatException or ArgumentException)
        {
            throw Refused("The consent's state is not valid: it was altered, or made with a key this server does not have.");
        }

        var parts = payload.Split('\n');
        if (parts.Length != 6 || parts[0] != StateVersion || !long.TryParse(parts[5], NumberStyles.None, CultureInfo.InvariantCulture, out var expires))
        {
            throw Refused("The consent's state is not valid.");
        }

        return (parts[1], parts[2], parts[3], parts[4], DateTimeOffset.FromUnixTimeMilliseconds(expires));
    }

    private FlowConsentException Refused(string reason)
    {
        Log.ConsentRefused(_logger, reason);
        return new FlowConsentException(reason);
    }

    private DateTimeOffset? ExpiresAt(TokenResponse response) => response.ExpiresIn > 0 ? _time.GetUtcNow().AddSeconds(response.ExpiresIn) : null;
}
