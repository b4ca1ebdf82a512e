using System.Data;
using System.Data.Common;

namespace FlowSdk.Instances;

public abstract partial class SqlFlowStore
{
    private const string DeadLetterColumns =
        "id, execution_id, instance_id, flow_name, trigger_kind, payload_type, content_type, payload, failed_step, error, created_at, replay_count, last_replayed_at";

    /// <inheritdoc/>
    /// <remarks>
    /// A letter of an execution that was running when its instance was deleted is not stored: it belongs to a deployment
    /// that is gone, and a new deployment under the same id must never see or replay it.
    /// </remarks>
    public async Task AddDeadLetterAsync(DeadLetter deadLetter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deadLetter);
        using var gate = await EnterWriteAsync(cancellationToken).ConfigureAwait(false);
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                // Locks the execution's history row, as the instance delete does when it marks it (SqlFlowStore.InstanceDeletion.cs).
                var execution = deadLetter.ExecutionId.ToString("D");
                var lockRow = Command(connection, transaction, "UPDATE flowsdk_executions SET instance_deleted = instance_deleted WHERE execution_id = @execution");
                await using (lockRow.ConfigureAwait(false))
                {
                    AddText(lockRow, "@execution", execution);
                    await lockRow.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                var command = Command(connection, transaction, $"""
                    INSERT INTO flowsdk_dead_letters ({DeadLetterColumns})
                    SELECT @id, @execution, @instance, @flow, @trigger, @type, @content, @payload, @step, @error, @created, @count, @replayed
                    WHERE NOT EXISTS (SELECT 1 FROM flowsdk_executions WHERE execution_id = @execution AND instance_deleted = 1)
                    """);
                await using (command.ConfigureAwait(false))
                {
                    AddText(command, "@id", deadLetter.Id.ToString("D"));
                    AddText(command, "@execution", execution);
                    AddText(command, "@instance", deadLetter.InstanceId);
                    AddText(command, "@flow", deadLetter.FlowName);
                    AddText(command, "@trigger", deadLetter.Trigger);
                    AddText(command, "@type", deadLetter.PayloadType);
                    AddText(command, "@content", deadLetter.ContentType);
                    Add(command, "@payload", deadLetter.Payload.ToArray(), DbType.Binary);
                    AddText(command, "@step", deadLetter.FailedStep);
                    AddText(command, "@error", Truncate(deadLetter.Error));
                    AddLong(command, "@created", ToUnixMs(deadLetter.CreatedAt));
                    AddInt(command, "@count", deadLetter.ReplayCount);
                    AddLong(command, "@replayed", deadLetter.LastReplayedAt is { } at ? ToUnixMs(at) : null);
                    await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <inheritdoc/>
    public async Task<DeadLetter?> GetDeadLetterAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var command = Command(connection, null, $"SELECT {DeadLetterColumns} FROM flowsdk_dead_letters WHERE id = @id");
            await using (command.ConfigureAwait(false))
            {
                AddText(command, "@id", id.ToString("D"));
                var letters = await ReadDeadLettersAsync(command, cancellationToken).ConfigureAwait(false);
                return letters.Count > 0 ? letters[0] : null;
            }
        }
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<DeadLetter>> QueryDeadLettersAsync(DeadLetterQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var command = Command(connection, null, $"""
                SELECT {DeadLetterColumns} FROM flowsdk_dead_letters
                WHERE (@instance IS NULL OR instance_id = @instance)
                  AND (@flow IS NULL OR flow_name = @flow)
                  AND (@from IS NULL OR created_at >= @from)
                  AND (@to IS NULL OR created_at < @to)
                ORDER BY created_at DESC, id DESC
                LIMIT @limit
                """);
            await using (command.ConfigureAwait(false))
            {
                AddText(command, "@instance", query.InstanceId);
                AddText(command, "@flow", query.FlowName);
                AddLong(command, "@from", query.From is { } from ? ToUnixMs(from) : null);
                AddLong(command, "@to", query.To is { } to ? ToUnixMs(to) : null);
                AddInt(command, "@limit", ClampLimit(query.Limit, 1000));
                return await ReadDeadLettersAsync(command, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <inheritdoc/>
    public async Task<bool> MarkReplayedAsync(Guid id, DateTimeOffset replayedAt, CancellationToken cancellationToken = default)
    {
        using var gate = await EnterWriteAsync(cancellationToken).ConfigureAwait(false);
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var command = Command(connection, null, "UPDATE flowsdk_dead_letters SET replay_count = replay_count + 1, last_replayed_at = @at WHERE id = @id");
            await using (command.ConfigureAwait(false))
            {
                AddLong(command, "@at", ToUnixMs(replayedAt));
                AddText(command, "@id", id.ToString("D"));
                return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
            }
        }
    }

    /// <inheritdoc/>
    public async Task<bool> TryBeginReplayAsync(Guid id, DateTimeOffset replayedAt, CancellationToken cancellationToken = default)
    {
        using var gate = await EnterWriteAsync(cancellationToken).ConfigureAwait(false);
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            // Compare and set: the row lock serialises two replays, and the second finds the count moved.
            var command = Command(connection, null, "UPDATE flowsdk_dead_letters SET replay_count = 1, last_replayed_at = @at WHERE id = @id AND replay_count = 0");
            await using (command.ConfigureAwait(false))
            {
                AddLong(command, "@at", ToUnixMs(replayedAt));
                AddText(command, "@id", id.ToString("D"));
                return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
            }
        }
    }

    /// <inheritdoc/>
    public async Task UndoReplayAsync(Guid id, CancellationToken cancellationToken = default)
    {
        using var gate = await EnterWriteAsync(cancellationToken).ConfigureAwait(false);
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var command = Command(connection, null, "UPDATE flowsdk_dead_letters SET replay_count = 0, last_replayed_at = NULL WHERE id = @id AND replay_count = 1");
            await using (command.ConfigureAwait(false))
            {
                AddText(command, "@id", id.ToString("D"));
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <inheritdoc/>
    public async Task<bool> DeleteDeadLetterAsync(Guid id, CancellationToken cancellationToken = default)
    {
        using var gate = await EnterWriteAsync(cancellationToken).ConfigureAwait(false);
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var command = Command(connection, null, "DELETE FROM flowsdk_dead_letters WHERE id = @id");
            await using (command.ConfigureAwait(false))
            {
                AddText(command, "@id", id.ToString("D"));
                return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
            }
        }
    }

    private static async Task<IReadOnlyList<DeadLetter>> ReadDeadLettersAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var list = new List<DeadLetter>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                list.Add(new DeadLetter
                {
                    Id = Guid.Parse(reader.GetString(0)),
                    ExecutionId = Guid.Parse(reader.GetString(1)),
                    InstanceId = reader.GetString(2),
                    FlowName = reader.GetString(3),
                    Trigger = reader.GetString(4),
                    PayloadType = ReadNullableText(reader, 5),
                    ContentType = ReadNullableText(reader, 6),
                    Payload = (byte[])reader.GetValue(7),
                    FailedStep = ReadNullableText(reader, 8),
                    Error = ReadNullableText(reader, 9),
                    CreatedAt = FromUnixMs(ReadLong(reader, 10)),
                    ReplayCount = (int)ReadLong(reader, 11),
                    LastReplayedAt = ReadNullableLong(reader, 12) is { } at ? FromUnixMs(at) : null,
                });
            }
        }

        return list;
    }
}
