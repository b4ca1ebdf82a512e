using System.Data.Common;
using System.Security.Cryptography;
using System.Text.Json;

namespace FlowSdk.Instances;

public abstract partial class SqlFlowStore : ISecretReEncryptor
{
    private const int ReEncryptBatchSize = 100;

    // A row changed between read and write is read again; an instance changed this often meanwhile is counted failed.
    private const int ReEncryptAttempts = 3;

    /// <inheritdoc/>
    public async Task<SecretReEncryptionResult> ReEncryptSecretsAsync(CancellationToken cancellationToken = default)
    {
        int reEncrypted = 0, current = 0, failed = 0;
        string? after = null;
        while (true)
        {
            var batch = await ReadSecretRowsAsync(after, cancellationToken).ConfigureAwait(false);
            if (batch.Count == 0)
            {
                break;
            }

            after = batch[^1].Id;
            for (var attempt = 1; batch.Count > 0; attempt++)
            {
                var rewrites = new List<(SecretRow Row, string Secrets)>();
                foreach (var row in batch)
                {
                    switch (ReEncrypt(row, out var secrets))
                    {
                        case ReEncryption.Current:
                            current++;
                            break;
                        case ReEncryption.Failed:
                            failed++;
                            break;
                        default:
                            rewrites.Add((row, secrets!));
                            break;
                    }
                }

                var changed = await WriteSecretRowsAsync(rewrites, cancellationToken).ConfigureAwait(false);
                reEncrypted += rewrites.Count - changed.Count;
                if (changed.Count > 0 && attempt == ReEncryptAttempts)
                {
                    foreach (var id in changed)
                    {
                        Log.ReEncryptRaced(Logger, id);
                    }

                    failed += changed.Count;
                    break;
                }

                batch = await ReadSecretRowsAsync(changed, cancellationToken).ConfigureAwait(false);
            }
        }

        Log.ReEncrypted(Logger, reEncrypted, current, failed);
        var connections = await ReEncryptConnectionTokensAsync(cancellationToken).ConfigureAwait(false);
        return new SecretReEncryptionResult(reEncrypted, current, failed)
        {
            ConnectionsReEncrypted = connections.ReEncrypted,
            ConnectionsAlreadyCurrent = connections.AlreadyCurrent,
            ConnectionsFailed = connections.Failed,
        };
    }

    private ReEncryption ReEncrypt(SecretRow row, out string? rewritten)
    {
        rewritten = null;
        Dictionary<string, string> secrets;
        try
        {
            secrets = JsonSerializer.Deserialize(row.Secrets, StoreJsonContext.Default.DictionaryStringString) ?? [];
        }
        catch (JsonException e)
        {
            Log.ReEncryptFailed(Logger, row.Id, e);
            return ReEncryption.Failed;
        }

        var stale = secrets.Where(s => !_protector.UsesActiveKey(s.Value)).ToList();
        if (stale.Count == 0)
        {
            return ReEncryption.Current;
        }

        try
        {
            foreach (var (name, value) in stale)
            {
                var purpose = SecretPurpose(row.Id, name);
                secrets[name] = _protector.Protect(_protector.Unprotect(value, purpose), purpose);
            }
        }
        catch (CryptographicException e)
        {
            Log.ReEncryptFailed(Logger, row.Id, e);
            return ReEncryption.Failed;
        }

        rewritten = JsonSerializer.Serialize(secrets, StoreJsonContext.Default.DictionaryStringString);
        return ReEncryption.Rewrite;
    }

    private async Task<List<SecretRow>> ReadSecretRowsAsync(string? after, CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var command = Command(connection, null, "SELECT id, secrets, version FROM flowsdk_instances WHERE (@after IS NULL OR id > @after) ORDER BY id LIMIT @limit");
            await using (command.ConfigureAwait(false))
            {
                AddText(command, "@after", after);
                AddInt(command, "@limit", ReEncryptBatchSize);
                return await ReadSecretRowsAsync(command, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<List<SecretRow>> ReadSecretRowsAsync(List<string> ids, CancellationToken cancellationToken)
    {
        var rows = new List<SecretRow>();
        if (ids.Count == 0)
        {
            return rows;
        }

        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            foreach (var id in ids)
            {
                var command = Command(connection, null, "SELECT id, secrets, version FROM flowsdk_instances WHERE id = @id");
                await using (command.ConfigureAwait(false))
                {
                    AddText(command, "@id", id);
                    rows.AddRange(await ReadSecretRowsAsync(command, cancellationToken).ConfigureAwait(false));
                }
            }
        }

        return rows;
    }

    private static async Task<List<SecretRow>> ReadSecretRowsAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var rows = new List<SecretRow>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                rows.Add(new SecretRow(reader.GetString(0), reader.GetString(1), ReadLong(reader, 2)));
            }
        }

        return rows;
    }

    /// <summary>
    /// Writes the rewritten secrets of a batch in one transaction, each only if its instance kept the version it was read
    /// at: the version is not moved (the plaintext is unchanged, and nodes cache decrypted secrets per version), and a
    /// change made meanwhile is never overwritten.
    /// </summary>
    /// <returns>The ids of the instances that changed since they were read.</returns>
    private async Task<List<string>> WriteSecretRowsAsync(List<(SecretRow Row, string Secrets)> rewrites, CancellationToken cancellationToken)
    {
        var changed = new List<string>();
        if (rewrites.Count == 0)
        {
            return changed;
        }

        using var gate = await EnterWriteAsync(cancellationToken).ConfigureAwait(false);
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                foreach (var (row, secrets) in rewrites)
                {
                    var command = Command(connection, transaction, "UPDATE flowsdk_instances SET secrets = @secrets WHERE id = @id AND version = @version");
                    await using (command.ConfigureAwait(false))
                    {
                        AddText(command, "@secrets", secrets);
                        AddText(command, "@id", row.Id);
                        AddLong(command, "@version", row.Version);
                        if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
                        {
                            changed.Add(row.Id);
                        }
                    }
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        return changed;
    }

    private enum ReEncryption
    {
        Current,
        Rewrite,
        Failed,
    }

    private sealed record SecretRow(string Id, string Secrets, long Version);
}
