using System.Net;
using Duende.IdentityModel.Client;

namespace FlowSdk.Instances;

public sealed partial class FlowConnectionManager
{
    /// <summary>
    /// A valid access token for an instance's connection. A token within <see cref="FlowConnectionOptions.RefreshSkew"/>
    /// of its expiry, or equal to <paramref name="rejectedToken"/>, is refreshed first: by one caller of this process at a
    /// time (the others wait and take its result) and by one node at a time (a node that loses the lease waits for the
    /// winner's token in the store). A client-credentials connection asks for a new token instead.
    /// </summary>
    /// <param name="flowName">The flow that declares the connection.</param>
    /// <param name="instanceId">The instance.</param>
    /// <param name="name">The connection.</param>
    /// <param name="rejectedToken">A token the API just rejected, or null.</param>
    /// <param name="cancellationToken">Cancels the wait or the token request.</param>
    /// <exception cref="FlowConnectionException">The connection needs consent, or no token could be obtained.</exception>
    public async ValueTask<string> GetAccessTokenAsync(string flowName, string instanceId, string name, string? rejectedToken = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(flowName);
        ArgumentNullException.ThrowIfNull(instanceId);
        ArgumentNullException.ThrowIfNull(name);
        var declared = Declaration(flowName, name) ?? throw Failed(flowName, instanceId, name, $"flow '{flowName}' declares no connection '{name}'");
        if (Usable(await _store.GetConnectionAsync(instanceId, name, cancellationToken).ConfigureAwait(false), rejectedToken) is { } token)
        {
            return token;
        }

        var gate = _gates.GetOrAdd((instanceId, name), static _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            while (true)
            {
                var stored = await _store.GetConnectionAsync(instanceId, name, cancellationToken).ConfigureAwait(false);
                if (stored is null)
                {
                    if (declared.Grant != OAuthGrant.ClientCredentials)
                    {
                        throw NeedsConsent(flowName, instanceId, name, "it was never granted, or it was disconnected");
                    }

                    await _store.EnsureConnectionAsync(flowName, instanceId, name, declared.Grant, FlowConnectionState.Connected, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                if (stored.Connection.State == FlowConnectionState.NeedsConsent)
                {
                    throw NeedsConsent(flowName, instanceId, name, stored.Connection.LastError ?? "it was never granted");
                }

                if (Usable(stored, rejectedToken) is { } fresh)
                {
                    return fresh;
                }

                var now = _time.GetUtcNow();
                // Taken only while the row still holds the tokens just read: a node that refreshed between that read
                // and this one has already given the lease back, and its refresh token replaced the one read here.
                if (await _store.TryTakeRefreshLeaseAsync(instanceId, name, stored.Connection.Version, _node, now, now + _options.RefreshLease, cancellationToken).ConfigureAwait(false))
                {
                    if (await RefreshAsync(flowName, instanceId, declared, stored, cancellationToken).ConfigureAwait(false) is { } refreshed)
                    {
                        return refreshed;
                    }

                    continue; // the lease lapsed meanwhile and another node took it: read what it stored
                }

                // Another node is refreshing, or just refreshed: its token appears in the row. Waited on the system clock, so a test's
                // fake clock that drives expiry does not stall the wait.
                await Task.Delay(_options.RefreshPollInterval, TimeProvider.System, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// Records that the API rejected (401) a token that was just refreshed: an authorization-code connection's grant is
    /// no longer honoured, so it is marked as needing consent. Answers the exception for the caller to throw.
    /// </summary>
    public async Task<FlowConnectionException> RejectedAfterRefreshAsync(string flowName, string instanceId, string name, HttpStatusCode status, CancellationToken cancellationToken = default)
    {
        var reason = $"the API answered {(int)status} to a freshly refreshed token";
        if (Declaration(flowName, name) is { Grant: OAuthGrant.AuthorizationCode })
        {
            await _store.MarkNeedsConsentAsync(instanceId, name, $"The API answered {(int)status} to a freshly refreshed token; grant the connection again.", cancellationToken).ConfigureAwait(false);
            Log.NeedsConsent(_logger, instanceId, name, reason);
            return NeedsConsent(flowName, instanceId, name, reason);
        }

        return Failed(flowName, instanceId, name, reason + "; check the client's permissions");
    }

    private string? Usable(StoredConnection? stored, string? rejectedToken) =>
        stored is { Tokens: { } tokens, Connection: var connection }
        && connection.State != FlowConnectionState.NeedsConsent
        && !string.Equals(tokens.AccessToken, rejectedToken, StringComparison.Ordinal)
        && (connection.ExpiresAt is not { } expires || expires - _options.RefreshSkew > _time.GetUtcNow())
            ? tokens.AccessToken
            : null;

    // Holding the lease. Answers the new access token, or null when the lease was lost meanwhile.
    private async Task<string?> RefreshAsync(string flowName, string instanceId, FlowConnectionAttribute declared, StoredConnection stored, CancellationToken cancellationToken)
    {
        var name = declared.Name;
        ConnectionClient? client = null;
        try
        {
            client = await ClientAsync(flowName, instanceId, declared, cancellationToken).ConfigureAwait(false);
            if (client.TokenEndpoint is null || client.ClientId is null)
            {
                throw Failed(flowName, instanceId, name, $"set TokenEndpoint and ClientId under Flows:{flowName}:Connections:{name}");
            }

            using var http = _http.CreateClient(FlowConnectionOptions.TokenHttpClientName);
            TokenResponse response;
            if (declared.Grant == OAuthGrant.ClientCredentials)
            {
                response = await http.RequestClientCredentialsTokenAsync(new ClientCredentialsTokenRequest
                {
                    Address = client.TokenEndpoint.AbsoluteUri,
                    ClientId = client.ClientId,
                    ClientSecret = client.ClientSecret,
                    ClientCredentialStyle = ClientCredentialStyle.PostBody,
                    Scope = client.Scopes,
                }, cancellationToken).ConfigureAwait(false);
            }
            else if (stored.Tokens?.RefreshToken is { } refreshToken)
            {
                response = await http.RequestRefreshTokenAsync(new RefreshTokenRequest
                {
                    Address = client.TokenEndpoint.AbsoluteUri,
                    ClientId = client.ClientId,
                    ClientSecret = client.ClientSecret,
                    ClientCredentialStyle = ClientCredentialStyle.PostBody,
                    RefreshToken = refreshToken,
                }, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                const string noRefresh = "the access token expired and the authorization server issued no refresh token";
                await _store.MarkNeedsConsentAsync(instanceId, name, "The access token expired and the authorization server issued no refresh token; grant the connection again.", cancellationToken).ConfigureAwait(false);
                Log.NeedsConsent(_logger, instanceId, name, noRefresh);
                throw NeedsConsent(flowName, instanceId, name, noRefresh);
            }

            if (response.IsError || string.IsNullOrEmpty(response.AccessToken))
            {
                var reason = Redact(instanceId, response.IsError ? Describe(response) : "the token endpoint answered no access token", stored.Tokens, client);
                if (declared.Grant == OAuthGrant.AuthorizationCode && ErrorCode(response) == "invalid_grant")
                {
                    // The grant was revoked or expired: no retry can help, only a new consent.
                    await _store.MarkNeedsConsentAsync(instanceId, name, $"The authorization server no longer honours the grant ({reason}); grant the connection again.", cancellationToken).ConfigureAwait(false);
                    Log.NeedsConsent(_logger, instanceId, name, reason);
                    throw NeedsConsent(flowName, instanceId, name, $"the grant was revoked or expired: {reason}");
                }

                await _store.AbandonRefreshAsync(instanceId, name, _node, reason, CancellationToken.None).ConfigureAwait(false);
                Log.RefreshFailed(_logger, instanceId, name, reason);
                throw Failed(flowName, instanceId, name, reason);
            }

            var tokens = new ConnectionTokens(response.AccessToken, response.RefreshToken);
            if (!await _store.CompleteRefreshAsync(instanceId, name, _node, tokens, ExpiresAt(response), response.Scope, cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            Log.Refreshed(_logger, instanceId, name);
            return tokens.AccessToken;
        }
        catch (Exception e) when (e is not FlowConnectionException)
        {
            // Cancelled or broken mid-way: give the lease back at once rather than make the other nodes wait for it to lapse.
            await _store.AbandonRefreshAsync(instanceId, name, _node, e is OperationCanceledException ? null : $"The refresh failed: {e.GetType().Name}.", CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }
}
