using System.Data.Common;
using System.Text.Json;

namespace FlowSdk.Instances;

public abstract partial class SqlFlowStore
{
    private const string InstanceColumns =
        "id, flow_name, customer, enabled, configuration, configuration_type, secrets, schedule, created_at, updated_at, version, webhook_previous_until";

    /// <inheritdoc/>
    public async Task<FlowInstance> DeployAsync(InstanceDeployment deployment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        var secrets = deployment.Secrets.ToDictionary(s => s.Key, s => _protector.Protect(s.Value, SecretPurpose(deployment.Id, s.Key)), StringComparer.Ordinal);
        var now = ToUnixMs(TimeProvider.GetUtcNow());
        using var gate = await EnterWriteAsync(cancellationToken).ConfigureAwait(false);
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var version = await NextVersionAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
                if (await ReadVersionAsync(connection, transaction, deployment.Id, cancellationToken).ConfigureAwait(false) is not null)
                {
                    throw new InstanceConflictException(deployment.Id);
                }

                var insert = Command(connection, transaction, $"""
                    INSERT INTO flowsdk_instances ({InstanceColumns})
                    VALUES (@id, @flow, @customer, @enabled, @configuration, @type, @secrets, @schedule, @now, @now, @version, NULL)
                    """);
                await using (insert.ConfigureAwait(false))
                {
                    AddText(insert, "@id", deployment.Id);
                    AddText(insert, "@flow", deployment.FlowName);
                    AddText(insert, "@customer", deployment.Customer);
                    AddInt(insert, "@enabled", deployment.Enabled ? 1 : 0);
                    AddText(insert, "@configuration", deployment.ConfigurationJson);
                    AddText(insert, "@type", deployment.ConfigurationType);
                    AddText(insert, "@secrets", JsonSerializer.Serialize(secrets, StoreJsonContext.Default.DictionaryStringString));
                    AddText(insert, "@schedule", deployment.Schedule);
                    AddLong(insert, "@now", now);
                    AddLong(insert, "@version", version);
                    try
                    {
                        await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    }
                    catch (DbException e) when (IsUniqueViolation(e))
                    {
                        throw new InstanceConflictException(deployment.Id);
                    }
                }

                await ExecuteWithIdAsync(connection, transaction, "DELETE FROM flowsdk_instance_tombstones WHERE id = @id", deployment.Id, cancellationToken).ConfigureAwait(false);
                var instance = await ReadInstanceAsync(connection, transaction, deployment.Id, cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return instance!;
            }
        }
    }

    /// <inheritdoc/>
    public async Task<FlowInstance?> GetAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await ReadInstanceAsync(connection, null, instanceId, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<FlowInstance>> ListAsync(InstanceQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var command = Command(connection, null, $"""
                SELECT {InstanceColumns} FROM flowsdk_instances
                WHERE (@flow IS NULL OR flow_name = @flow)
                  AND (@enabled IS NULL OR enabled = @enabled)
                  AND (@after IS NULL OR id > @after)
                  AND (@search IS NULL OR LOWER(id) LIKE @search ESCAPE '\' OR LOWER(COALESCE(customer, '')) LIKE @search ESCAPE '\')
                ORDER BY id
                LIMIT @limit
                """);
            await using (command.ConfigureAwait(false))
            {
                AddText(command, "@flow", query.FlowName);
                Add(command, "@enabled", query.Enabled is { } enabled ? (enabled ? 1 : 0) : null, System.Data.DbType.Int32);
                AddText(command, "@after", query.AfterId);
                AddText(command, "@search", string.IsNullOrEmpty(query.Search) ? null : "%" + EscapeLike(query.Search.ToLowerInvariant()) + "%");
                AddInt(command, "@limit", ClampLimit(query.Limit, 1000));
                return await ReadInstancesAsync(command, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <inheritdoc/>
    public async Task<FlowInstance> UpdateAsync(string instanceId, InstanceUpdate update, long? expectedVersion = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        ArgumentNullException.ThrowIfNull(update);
        using var gate = await EnterWriteAsync(cancellationToken).ConfigureAwait(false);
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var version = await NextVersionAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
                var current = await ReadInstanceRowAsync(connection, transaction, instanceId, cancellationToken).ConfigureAwait(false)
                    ?? throw new InstanceNotFoundException(instanceId);
                CheckVersion(instanceId, expectedVersion, current.Instance.Version);

                var secrets = current.ProtectedSecrets;
                foreach (var (name, value) in update.Secrets)
                {
                    if (value is null)
                    {
                        secrets.Remove(name);
                    }
                    else
                    {
                        secrets[name] = _protector.Protect(value, SecretPurpose(instanceId, name));
                    }
                }

                var command = Command(connection, transaction, """
                    UPDATE flowsdk_instances
                    SET customer = @customer, configuration = @configuration, configuration_type = @type, secrets = @secrets,
                        schedule = @schedule, updated_at = @now, version = @version,
                        webhook_previous_until = COALESCE(@previousUntil, webhook_previous_until)
                    WHERE id = @id
                    """);
                await using (command.ConfigureAwait(false))
                {
                    AddText(command, "@customer", update.Customer);
                    AddText(command, "@configuration", update.ConfigurationJson);
                    AddText(command, "@type", update.ConfigurationType);
                    AddText(command, "@secrets", JsonSerializer.Serialize(secrets, StoreJsonContext.Default.DictionaryStringString));
                    AddText(command, "@schedule", update.Schedule);
                    AddLong(command, "@previousUntil", update.PreviousWebhookSecretExpiresAt is { } until ? ToUnixMs(until) : null);
                    AddLong(command, "@now", ToUnixMs(TimeProvider.GetUtcNow()));
                    AddLong(command, "@version", version);
                    AddText(command, "@id", instanceId);
                    await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                var instance = await ReadInstanceAsync(connection, transaction, instanceId, cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return instance!;
            }
        }
    }

    /// <inheritdoc/>
    public async Task<FlowInstance> SetEnabledAsync(string instanceId, bool enabled, long? expectedVersion = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        using var gate = await EnterWriteAsync(cancellationToken).ConfigureAwait(false);
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var version = await NextVersionAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
                var current = await ReadInstanceAsync(connection, transaction, instanceId, cancellationToken).ConfigureAwait(false)
                    ?? throw new InstanceNotFoundException(instanceId);
                CheckVersion(instanceId, expectedVersion, current.Version);
                if (current.Enabled == enabled)
                {
                    // Nothing changes, so the sequence number taken above is given back by the rollback.
                    return current;
                }

                var command = Command(connection, transaction, "UPDATE flowsdk_instances SET enabled = @enabled, updated_at = @now, version = @version WHERE id = @id");
                await using (command.ConfigureAwait(false))
                {
                    AddInt(command, "@enabled", enabled ? 1 : 0);
                    AddLong(command, "@now", ToUnixMs(TimeProvider.GetUtcNow()));
                    AddLong(command, "@version", version);
                    AddText(command, "@id", instanceId);
                    await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                var instance = await ReadInstanceAsync(connection, transaction, instanceId, cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return instance!;
            }
        }
    }

    /// <inheritdoc/>
    public async Task<bool> DeleteAsync(string instanceId, long? expectedVersion = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        using var gate = await EnterWriteAsync(cancellationToken).ConfigureAwait(false);
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var version = await NextVersionAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
                var current = await ReadInstanceAsync(connection, transaction, instanceId, cancellationToken).ConfigureAwait(false);
                if (current is null)
                {
                    return false;
                }

                CheckVersion(instanceId, expectedVersion, current.Version);
                await ExecuteWithIdAsync(connection, transaction, "DELETE FROM flowsdk_instances WHERE id = @id", instanceId, cancellationToken).ConfigureAwait(false);
                await DeleteInstanceDataAsync(connection, transaction, instanceId, current.FlowName, cancellationToken).ConfigureAwait(false);
                var tombstone = Command(connection, transaction, """
                    INSERT INTO flowsdk_instance_tombstones (id, flow_name, version) VALUES (@id, @flow, @version)
                    ON CONFLICT (id) DO UPDATE SET flow_name = excluded.flow_name, version = excluded.version
                    """);
                await using (tombstone.ConfigureAwait(false))
                {
                    AddText(tombstone, "@id", instanceId);
                    AddText(tombstone, "@flow", current.FlowName);
                    AddLong(tombstone, "@version", version);
                    await tombstone.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return true;
            }
        }
    }

    /// <inheritdoc/>
    public async Task<InstanceSecrets?> GetSecretsAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var row = await ReadInstanceRowAsync(connection, null, instanceId, cancellationToken).ConfigureAwait(false);
            return row is null
                ? null
                : new InstanceSecrets(instanceId, row.ProtectedSecrets.ToDictionary(s => s.Key, s => _protector.Unprotect(s.Value, SecretPurpose(instanceId, s.Key)), StringComparer.Ordinal));
        }
    }

    /// <inheritdoc/>
    public async Task<long> GetVersionAsync(CancellationToken cancellationToken = default)
    {
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await ReadSequenceAsync(connection, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async Task<InstanceChangeSet> GetChangesAsync(long sinceVersion, int limit = 1000, CancellationToken cancellationToken = default)
    {
        limit = ClampLimit(limit, 10_000);
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            // The sequence is read first: anything committed before this read is in the query below, so reporting
            // this version can never skip a change (later ones may appear twice; applying them is idempotent).
            var current = await ReadSequenceAsync(connection, cancellationToken).ConfigureAwait(false);
            var command = Command(connection, null, $$"""
                SELECT {{InstanceColumns}}, 0 AS deleted FROM flowsdk_instances WHERE version > @since
                UNION ALL
                SELECT id, flow_name, NULL, 0, '', NULL, '{}', NULL, 0, 0, version, NULL, 1 FROM flowsdk_instance_tombstones WHERE version > @since
                ORDER BY version
                LIMIT @limit
                """);
            var changes = new List<InstanceChange>();
            await using (command.ConfigureAwait(false))
            {
                AddLong(command, "@since", sinceVersion);
                AddInt(command, "@limit", limit + 1);
                var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        var deleted = ReadLong(reader, 12) != 0;
                        var instance = ReadInstance(reader).Instance;
                        changes.Add(new InstanceChange(instance.Id, instance.FlowName, instance.Version, deleted ? null : instance));
                    }
                }
            }

            var hasMore = changes.Count > limit;
            if (hasMore)
            {
                changes.RemoveAt(changes.Count - 1);
                return new InstanceChangeSet(changes, changes[^1].Version, true);
            }

            return new InstanceChangeSet(changes, Math.Max(current, changes.Count > 0 ? changes[^1].Version : sinceVersion), false);
        }
    }

    private static string SecretPurpose(string instanceId, string name) => $"flowsdk.instance-secret/{instanceId}/{name}";

    private static void CheckVersion(string instanceId, long? expected, long actual)
    {
        if (expected is { } value && value != actual)
        {
            throw new InstanceVersionMismatchException(instanceId, value, actual);
        }
    }

    private static async Task<long> ReadSequenceAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var command = Command(connection, null, "SELECT value FROM flowsdk_sequence WHERE id = 1");
        await using (command.ConfigureAwait(false))
        {
            return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    private static async Task ExecuteWithIdAsync(DbConnection connection, DbTransaction transaction, string sql, string id, CancellationToken cancellationToken)
    {
        var command = Command(connection, transaction, sql);
        await using (command.ConfigureAwait(false))
        {
            AddText(command, "@id", id);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<long?> ReadVersionAsync(DbConnection connection, DbTransaction transaction, string id, CancellationToken cancellationToken)
    {
        var command = Command(connection, transaction, "SELECT version FROM flowsdk_instances WHERE id = @id");
        await using (command.ConfigureAwait(false))
        {
            AddText(command, "@id", id);
            var result = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return result is null or DBNull ? null : Convert.ToInt64(result, System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    private static async Task<FlowInstance?> ReadInstanceAsync(DbConnection connection, DbTransaction? transaction, string id, CancellationToken cancellationToken) =>
        (await ReadInstanceRowAsync(connection, transaction, id, cancellationToken).ConfigureAwait(false))?.Instance;

    private static async Task<InstanceRow?> ReadInstanceRowAsync(DbConnection connection, DbTransaction? transaction, string id, CancellationToken cancellationToken)
    {
        var command = Command(connection, transaction, $"SELECT {InstanceColumns} FROM flowsdk_instances WHERE id = @id");
        await using (command.ConfigureAwait(false))
        {
            AddText(command, "@id", id);
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadInstance(reader) : null;
            }
        }
    }

    private static async Task<IReadOnlyList<FlowInstance>> ReadInstancesAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var list = new List<FlowInstance>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                list.Add(ReadInstance(reader).Instance);
            }
        }

        return list;
    }

    private static InstanceRow ReadInstance(DbDataReader reader)
    {
        var secrets = JsonSerializer.Deserialize(reader.GetString(6), StoreJsonContext.Default.DictionaryStringString)
            ?? new Dictionary<string, string>();
        var instance = new FlowInstance
        {
            Id = reader.GetString(0),
            FlowName = FlowNameOf(reader.GetString(1)),
            Customer = ReadNullableText(reader, 2),
            Enabled = ReadLong(reader, 3) != 0,
            ConfigurationJson = reader.GetString(4),
            ConfigurationType = ReadNullableText(reader, 5),
            SecretNames = [.. secrets.Keys.Order(StringComparer.Ordinal)],
            Schedule = ReadNullableText(reader, 7),
            CreatedAt = FromUnixMs(ReadLong(reader, 8)),
            UpdatedAt = FromUnixMs(ReadLong(reader, 9)),
            Version = ReadLong(reader, 10),
            PreviousWebhookSecretExpiresAt = ReadNullableLong(reader, 11) is { } until ? FromUnixMs(until) : null,
        };
        return new InstanceRow(instance, new Dictionary<string, string>(secrets, StringComparer.Ordinal));
    }

    // A flow's name is a literal of its generated definition, so the runtime holds one copy of it: every instance of the
    // flow then shares that string, and a message's routing compares and hashes a string already in the cache.
    private static string FlowNameOf(string name) => string.IsInterned(name) ?? name;

    private sealed record InstanceRow(FlowInstance Instance, Dictionary<string, string> ProtectedSecrets);

    // LIKE's wildcards in a search text match themselves.
    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
