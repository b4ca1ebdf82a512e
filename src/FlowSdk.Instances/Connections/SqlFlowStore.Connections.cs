using System.Data.Common;

namespace FlowSdk.Instances;

public abstract partial class SqlFlowStore : IFlowConnectionStore
{
    private const string ConnectionColumns =
        "flow_name, instance_id, connection, grant_type, state, access_token, refresh_token, expires_at, scopes, last_error, version";

    // A last error is a sentence for an operator; anything longer was not written for one.
    private const int MaxConnectionErrorLength = 2000;

    private const string Connected = nameof(FlowConnectionState.Connected);
    private const string NeedsConsent = nameof(FlowConnectionState.NeedsConsent);
    private const string Refreshing = nameof(FlowConnectionState.Refreshing);

    /// <inheritdoc/>
    public async Task<IReadOnlyList<FlowConnection>> ListConnectionsAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var command = Command(connection, null, $"SELECT {ConnectionColumns} FROM flowsdk_connections WHERE instance_id = @id ORDER BY connection");
            await using (command.ConfigureAwait(false))
            {
                AddText(command, "@id", instanceId);
                var list = new List<FlowConnection>();
                var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        list.Add(ReadConnection(reader));
                    }
                }

                return list;
            }
        }
    }

    /// <inheritdoc/>
    public async Task<StoredConnection?> GetConnectionAsync(string instanceId, string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        ArgumentNullException.ThrowIfNull(name);
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var command = Command(connection, null, $"SELECT {ConnectionColumns} FROM flowsdk_connections WHERE instance_id = @id AND connection = @name");
            await using (command.ConfigureAwait(false))
            {
                AddText(command, "@id", instanceId);
                AddText(command, "@name", name);
                var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        return null;
                    }

                    var stored = ReadConnection(reader);
                    var access = ReadNullableText(reader, 5);
                    var refresh = ReadNullableText(reader, 6);
                    var purpose = TokenPurpose(instanceId, name);
                    try
                    {
                        var tokens = access is null
                            ? null
                            : new ConnectionTokens(_protector.Unprotect(access, purpose + "/access"), refresh is null ? null : _protector.Unprotect(refresh, purpose + "/refresh"));
                        return new StoredConnection(stored, tokens);
                    }
                    catch (System.Security.Cryptography.CryptographicException)
                    {
                        // Written under a key that was removed before a re-encryption moved them: the grant cannot be
                        // used, so the connection reads as needing consent rather than failing every call.
                        return new StoredConnection(
                            stored with { State = FlowConnectionState.NeedsConsent, HasToken = false, LastError = "The stored tokens do not decrypt with the configured keys; grant the connection again." },
                            null);
                    }
                }
            }
        }
    }

    /// <inheritdoc/>
    public async Task<FlowConnection> EnsureConnectionAsync(string flowName, string instanceId, string name, OAuthGrant grant, FlowConnectionState state, CancellationToken cancellationToken = default)
    {
        await ExecuteConnectionWriteAsync($"""
            INSERT INTO flowsdk_connections (flow_name, instance_id, connection, grant_type, state, updated_at, version)
            VALUES (@flow, @id, @name, @grant, @state, @now, 1)
            ON CONFLICT (instance_id, connection) DO NOTHING
            """, instanceId, name, command =>
        {
            AddText(command, "@flow", flowName);
            AddText(command, "@grant", grant.ToString());
            AddText(command, "@state", state.ToString());
        }, cancellationToken).ConfigureAwait(false);
        var stored = await GetConnectionAsync(instanceId, name, cancellationToken).ConfigureAwait(false);
        return stored?.Connection ?? throw new InvalidOperationException($"The connection '{name}' of instance '{instanceId}' was deleted while it was created.");
    }

    /// <inheritdoc/>
    public Task BeginConsentAsync(string flowName, string instanceId, string name, string nonce, CancellationToken cancellationToken = default) =>
        ExecuteConnectionWriteAsync($"""
            INSERT INTO flowsdk_connections (flow_name, instance_id, connection, grant_type, state, consent_nonce, updated_at, version)
            VALUES (@flow, @id, @name, '{nameof(OAuthGrant.AuthorizationCode)}', '{NeedsConsent}', @nonce, @now, 1)
            ON CONFLICT (instance_id, connection) DO UPDATE
            SET consent_nonce = excluded.consent_nonce, updated_at = excluded.updated_at, version = flowsdk_connections.version + 1
            """, instanceId, name, command =>
        {
            AddText(command, "@flow", flowName);
            AddText(command, "@nonce", nonce);
        }, cancellationToken);

    /// <inheritdoc/>
    public async Task<bool> ClaimConsentAsync(string instanceId, string name, string nonce, CancellationToken cancellationToken = default) =>
        await ExecuteConnectionWriteAsync(
            "UPDATE flowsdk_connections SET consent_nonce = NULL, updated_at = @now, version = version + 1 WHERE instance_id = @id AND connection = @name AND consent_nonce = @nonce",
            instanceId, name, command => AddText(command, "@nonce", nonce), cancellationToken).ConfigureAwait(false) == 1;

    /// <inheritdoc/>
    public async Task<bool> StoreGrantAsync(string instanceId, string name, ConnectionTokens tokens, DateTimeOffset? expiresAt, string? scopes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        return await ExecuteConnectionWriteAsync($"""
            UPDATE flowsdk_connections
            SET state = '{Connected}', access_token = @access, refresh_token = @refresh, expires_at = @expires, scopes = @scopes,
                last_error = NULL, lease_owner = NULL, lease_until = NULL, updated_at = @now, version = version + 1
            WHERE instance_id = @id AND connection = @name
            """, instanceId, name, command => AddTokens(command, instanceId, name, tokens, expiresAt, scopes), cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc/>
    public async Task<bool> TryTakeRefreshLeaseAsync(string instanceId, string name, long version, string owner, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken = default) =>
        await ExecuteConnectionWriteAsync($"""
            UPDATE flowsdk_connections
            SET state = '{Refreshing}', lease_owner = @owner, lease_until = @until, updated_at = @now, version = version + 1
            WHERE instance_id = @id AND connection = @name AND version = @version AND state <> '{NeedsConsent}'
              AND (lease_owner IS NULL OR lease_until <= @leaseNow)
            """, instanceId, name, command =>
        {
            AddLong(command, "@version", version);
            AddText(command, "@owner", owner);
            AddLong(command, "@until", ToUnixMs(until));
            AddLong(command, "@leaseNow", ToUnixMs(now));
        }, cancellationToken).ConfigureAwait(false) == 1;

    /// <inheritdoc/>
    public async Task<bool> CompleteRefreshAsync(string instanceId, string name, string owner, ConnectionTokens tokens, DateTimeOffset? expiresAt, string? scopes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        return await ExecuteConnectionWriteAsync($"""
            UPDATE flowsdk_connections
            SET state = '{Connected}', access_token = @access, refresh_token = COALESCE(@refresh, refresh_token), expires_at = @expires,
                scopes = COALESCE(@scopes, scopes), last_error = NULL, lease_owner = NULL, lease_until = NULL, updated_at = @now, version = version + 1
            WHERE instance_id = @id AND connection = @name AND lease_owner = @owner
            """, instanceId, name, command =>
        {
            AddTokens(command, instanceId, name, tokens, expiresAt, scopes);
            AddText(command, "@owner", owner);
        }, cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc/>
    public async Task<bool> AbandonRefreshAsync(string instanceId, string name, string owner, string? error, CancellationToken cancellationToken = default) =>
        await ExecuteConnectionWriteAsync($"""
            UPDATE flowsdk_connections
            SET state = '{Connected}', last_error = @error, lease_owner = NULL, lease_until = NULL, updated_at = @now, version = version + 1
            WHERE instance_id = @id AND connection = @name AND lease_owner = @owner
            """, instanceId, name, command =>
        {
            AddText(command, "@owner", owner);
            AddText(command, "@error", CutError(error));
        }, cancellationToken).ConfigureAwait(false) == 1;

    /// <inheritdoc/>
    public async Task<bool> MarkNeedsConsentAsync(string instanceId, string name, string? error, CancellationToken cancellationToken = default) =>
        await ExecuteConnectionWriteAsync($"""
            UPDATE flowsdk_connections
            SET state = '{NeedsConsent}', access_token = NULL, refresh_token = NULL, expires_at = NULL, last_error = @error,
                lease_owner = NULL, lease_until = NULL, updated_at = @now, version = version + 1
            WHERE instance_id = @id AND connection = @name
            """, instanceId, name, command => AddText(command, "@error", CutError(error)), cancellationToken).ConfigureAwait(false) == 1;

    /// <inheritdoc/>
    public async Task<bool> DeleteConnectionAsync(string instanceId, string name, CancellationToken cancellationToken = default) =>
        await ExecuteConnectionWriteAsync(
            "DELETE FROM flowsdk_connections WHERE instance_id = @id AND connection = @name", instanceId, name, static _ => { }, cancellationToken).ConfigureAwait(false) == 1;

    // Each write is one statement, so it commits alone; its WHERE clause is the compare-and-set, and the row lock it takes
    // (PostgreSQL) or the single writer (SQLite) makes two nodes' attempts on one row take turns.
    private async Task<int> ExecuteConnectionWriteAsync(string sql, string instanceId, string name, Action<DbCommand> bind, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        ArgumentNullException.ThrowIfNull(name);
        using var gate = await EnterWriteAsync(cancellationToken).ConfigureAwait(false);
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var command = Command(connection, null, sql);
            await using (command.ConfigureAwait(false))
            {
                AddText(command, "@id", instanceId);
                AddText(command, "@name", name);
                AddLong(command, "@now", ToUnixMs(TimeProvider.GetUtcNow()));
                bind(command);
                return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private void AddTokens(DbCommand command, string instanceId, string name, ConnectionTokens tokens, DateTimeOffset? expiresAt, string? scopes)
    {
        var purpose = TokenPurpose(instanceId, name);
        AddText(command, "@access", _protector.Protect(tokens.AccessToken, purpose + "/access"));
        AddText(command, "@refresh", tokens.RefreshToken is null ? null : _protector.Protect(tokens.RefreshToken, purpose + "/refresh"));
        AddLong(command, "@expires", expiresAt is { } expires ? ToUnixMs(expires) : null);
        AddText(command, "@scopes", scopes);
    }

    private static string? CutError(string? error) => error is { Length: > MaxConnectionErrorLength } ? error[..MaxConnectionErrorLength] : error;

    // Bound to the instance and connection, so a token copied to another row does not decrypt.
    private static string TokenPurpose(string instanceId, string name) => $"flowsdk.connection-token/{instanceId}/{name}";

    private static FlowConnection ReadConnection(DbDataReader reader) => new()
    {
        FlowName = reader.GetString(0),
        InstanceId = reader.GetString(1),
        Name = reader.GetString(2),
        Grant = Enum.Parse<OAuthGrant>(reader.GetString(3)),
        State = Enum.Parse<FlowConnectionState>(reader.GetString(4)),
        HasToken = !reader.IsDBNull(5),
        ExpiresAt = ReadNullableLong(reader, 7) is { } expires ? FromUnixMs(expires) : null,
        Scopes = ReadNullableText(reader, 8),
        LastError = ReadNullableText(reader, 9),
        Version = ReadLong(reader, 10),
    };
}
