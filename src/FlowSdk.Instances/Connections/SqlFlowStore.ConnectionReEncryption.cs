using System.Data.Common;
using System.Security.Cryptography;

namespace FlowSdk.Instances;

public abstract partial class SqlFlowStore
{
    /// <summary>
    /// Moves every connection's stored tokens to the active key, in batches, as <see cref="ReEncryptSecretsAsync"/> does
    /// for instance secrets: a row whose tokens do not decrypt is counted failed and left as it is, and a row that
    /// changed since it was read (a refresh, a consent, a disconnect) is read again, up to <see cref="ReEncryptAttempts"/>
    /// times, rather than overwritten.
    /// </summary>
    private async Task<(int ReEncrypted, int AlreadyCurrent, int Failed)> ReEncryptConnectionTokensAsync(CancellationToken cancellationToken)
    {
        int reEncrypted = 0, current = 0, failed = 0;
        (string Instance, string Name)? after = null;
        while (true)
        {
            var batch = await ReadTokenRowsAsync(after, cancellationToken).ConfigureAwait(false);
            if (batch.Count == 0)
            {
                break;
            }

            after = (batch[^1].InstanceId, batch[^1].Name);
            for (var attempt = 1; batch.Count > 0; attempt++)
            {
                var rewrites = new List<TokenRow>();
                foreach (var row in batch)
                {
                    switch (ReEncrypt(row, out var rewritten))
                    {
                        case ReEncryption.Current:
                            current++;
                            break;
                        case ReEncryption.Failed:
                            failed++;
                            break;
                        default:
                            rewrites.Add(rewritten!);
                            break;
                    }
                }

                var changed = await WriteTokenRowsAsync(rewrites, cancellationToken).ConfigureAwait(false);
                reEncrypted += rewrites.Count - changed.Count;
                if (changed.Count > 0 && attempt == ReEncryptAttempts)
                {
                    foreach (var row in changed)
                    {
                        Log.ConnectionReEncryptRaced(Logger, row.InstanceId, row.Name);
                    }

                    failed += changed.Count;
                    break;
                }

                batch = await ReadTokenRowsAsync(changed, cancellationToken).ConfigureAwait(false);
            }
        }

        Log.ConnectionsReEncrypted(Logger, reEncrypted, current, failed);
        return (reEncrypted, current, failed);
    }

    private ReEncryption ReEncrypt(TokenRow row, out TokenRow? rewritten)
    {
        rewritten = null;
        if (IsCurrent(row.AccessToken) && IsCurrent(row.RefreshToken))
        {
            return ReEncryption.Current;
        }

        var purpose = TokenPurpose(row.InstanceId, row.Name);
        try
        {
            rewritten = row with
            {
                AccessToken = Rewrite(row.AccessToken, purpose + "/access"),
                RefreshToken = Rewrite(row.RefreshToken, purpose + "/refresh"),
            };
            return ReEncryption.Rewrite;
        }
        catch (CryptographicException e)
        {
            Log.ConnectionReEncryptFailed(Logger, row.InstanceId, row.Name, e);
            return ReEncryption.Failed;
        }

        bool IsCurrent(string? value) => value is null || _protector.UsesActiveKey(value);

        string? Rewrite(string? value, string tokenPurpose) =>
            IsCurrent(value) ? value : _protector.Protect(_protector.Unprotect(value!, tokenPurpose), tokenPurpose);
    }

    private async Task<List<TokenRow>> ReadTokenRowsAsync((string Instance, string Name)? after, CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var command = Command(connection, null, """
                SELECT instance_id, connection, access_token, refresh_token, version FROM flowsdk_connections
                WHERE (@afterId IS NULL OR instance_id > @afterId OR (instance_id = @afterId AND connection > @afterName))
                ORDER BY instance_id, connection LIMIT @limit
                """);
            await using (command.ConfigureAwait(false))
            {
                AddText(command, "@afterId", after?.Instance);
                AddText(command, "@afterName", after?.Name);
                AddInt(command, "@limit", ReEncryptBatchSize);
                return await ReadTokenRowsAsync(command, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<List<TokenRow>> ReadTokenRowsAsync(List<TokenRow> rows, CancellationToken cancellationToken)
    {
        var read = new List<TokenRow>();
        if (rows.Count == 0)
        {
            return read;
        }

        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            foreach (var row in rows)
            {
                var command = Command(connection, null, "SELECT instance_id, connection, access_token, refresh_token, version FROM flowsdk_connections WHERE instance_id = @id AND connection = @name");
                await using (command.ConfigureAwait(false))
                {
                    AddText(command, "@id", row.InstanceId);
                    AddText(command, "@name", row.Name);
                    read.AddRange(await ReadTokenRowsAsync(command, cancellationToken).ConfigureAwait(false));
                }
            }
        }

        return read;
    }

    private static async Task<List<TokenRow>> ReadTokenRowsAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var rows = new List<TokenRow>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                rows.Add(new TokenRow(reader.GetString(0), reader.GetString(1), ReadNullableText(reader, 2), ReadNullableText(reader, 3), ReadLong(reader, 4)));
            }
        }

        return rows;
    }

    /// <summary>
    /// Writes the rewritten tokens of a batch in one transaction, each only if its row kept the version it was read at.
    /// The version is not moved: the plaintext is unchanged, so a node that read the row before may still take the
    /// refresh lease with that version. A refresh, consent or disconnect meanwhile moved the version, so its tokens are
    /// never overwritten with the older ones.
    /// </summary>
    /// <returns>The rows that changed since they were read.</returns>
    private async Task<List<TokenRow>> WriteTokenRowsAsync(List<TokenRow> rewrites, CancellationToken cancellationToken)
    {
        var changed = new List<TokenRow>();
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
                foreach (var row in rewrites)
                {
                    var command = Command(connection, transaction, """
                        UPDATE flowsdk_connections SET access_token = @access, refresh_token = @refresh
                        WHERE instance_id = @id AND connection = @name AND version = @version
                        """);
                    await using (command.ConfigureAwait(false))
                    {
                        AddText(command, "@access", row.AccessToken);
                        AddText(command, "@refresh", row.RefreshToken);
                        AddText(command, "@id", row.InstanceId);
                        AddText(command, "@name", row.Name);
                        AddLong(command, "@version", row.Version);
                        if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
                        {
                            changed.Add(row);
                        }
                    }
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        return changed;
    }

    private sealed record TokenRow(string InstanceId, string Name, string? AccessToken, string? RefreshToken, long Version);
}
