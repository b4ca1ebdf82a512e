namespace FlowSdk.Instances;

/// <summary>
/// Stores instances' OAuth 2.0 connections (<c>flowsdk_connections</c>): state, expiry, scopes and the tokens encrypted
/// with the instance secret protector. Every change raises the row's <see cref="FlowConnection.Version"/> (re-encrypting
/// the tokens under another key does not: the plaintext stays); the refresh lease is a compare-and-set on the row, so
/// one node at a time refreshes a connection.
/// </summary>
public interface IFlowConnectionStore
{
    /// <summary>An instance's stored connections, by name.</summary>
    Task<IReadOnlyList<FlowConnection>> ListConnectionsAsync(string instanceId, CancellationToken cancellationToken = default);

    /// <summary>A connection with its decrypted tokens, or null when none is stored.</summary>
    Task<StoredConnection?> GetConnectionAsync(string instanceId, string name, CancellationToken cancellationToken = default);

    /// <summary>Creates the connection's row in <paramref name="state"/> unless there is one; answers the stored row.</summary>
    Task<FlowConnection> EnsureConnectionAsync(string flowName, string instanceId, string name, OAuthGrant grant, FlowConnectionState state, CancellationToken cancellationToken = default);

    /// <summary>Records the one consent that may complete next (<paramref name="nonce"/>), replacing an earlier one.</summary>
    Task BeginConsentAsync(string flowName, string instanceId, string name, string nonce, CancellationToken cancellationToken = default);

    /// <summary>
    /// Uses up the pending consent <paramref name="nonce"/>: answers true once, for the first caller, and false when it
    /// was used or replaced already. Claimed before the code is exchanged, so a replayed callback never redeems a code twice.
    /// </summary>
    Task<bool> ClaimConsentAsync(string instanceId, string name, string nonce, CancellationToken cancellationToken = default);

    /// <summary>Stores the tokens a consent granted; the connection becomes <see cref="FlowConnectionState.Connected"/>.</summary>
    Task<bool> StoreGrantAsync(string instanceId, string name, ConnectionTokens tokens, DateTimeOffset? expiresAt, string? scopes, CancellationToken cancellationToken = default);

    /// <summary>
    /// Takes the refresh lease for <paramref name="owner"/> until <paramref name="until"/> if the row is still at
    /// <paramref name="version"/> (the tokens the caller found stale are still the stored ones), no one holds the lease
    /// (or the holder's lease lapsed before <paramref name="now"/>) and the connection does not need consent; the state
    /// becomes <see cref="FlowConnectionState.Refreshing"/>. Answers false otherwise.
    /// </summary>
    Task<bool> TryTakeRefreshLeaseAsync(string instanceId, string name, long version, string owner, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken = default);

    /// <summary>Stores refreshed tokens and gives the lease back, if <paramref name="owner"/> still holds it.</summary>
    Task<bool> CompleteRefreshAsync(string instanceId, string name, string owner, ConnectionTokens tokens, DateTimeOffset? expiresAt, string? scopes, CancellationToken cancellationToken = default);

    /// <summary>Gives the lease back after a failed refresh, keeping the tokens, with <paramref name="error"/> as the last error.</summary>
    Task<bool> AbandonRefreshAsync(string instanceId, string name, string owner, string? error, CancellationToken cancellationToken = default);

    /// <summary>Drops the tokens and any lease; the connection needs a new consent. <paramref name="error"/> says why.</summary>
    Task<bool> MarkNeedsConsentAsync(string instanceId, string name, string? error, CancellationToken cancellationToken = default);

    /// <summary>Deletes the connection and its tokens; answers false when there was none.</summary>
    Task<bool> DeleteConnectionAsync(string instanceId, string name, CancellationToken cancellationToken = default);
}
