using System.Data.Common;

namespace FlowSdk.Instances;

public abstract partial class SqlFlowStore : IAuditLog
{
    private const string AuditColumns = "id, at, actor, action, target, status, detail";

    // A detail is a short sentence of names and counts; anything longer was not meant for the log.
    private const int MaxAuditDetailLength = 1000;

    /// <inheritdoc/>
    public async Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        using var gate = await EnterWriteAsync(cancellationToken).ConfigureAwait(false);
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var command = Command(connection, null, $"INSERT INTO flowsdk_audit ({AuditColumns}) VALUES (@id, @at, @actor, @action, @target, @status, @detail)");
            await using (command.ConfigureAwait(false))
            {
                AddText(command, "@id", entry.Id.ToString("D"));
                AddLong(command, "@at", ToUnixMs(entry.At));
                AddText(command, "@actor", entry.Actor);
                AddText(command, "@action", entry.Action);
                AddText(command, "@target", entry.Target);
                AddInt(command, "@status", entry.Status);
                AddText(command, "@detail", entry.Detail is { Length: > MaxAuditDetailLength } detail ? detail[..MaxAuditDetailLength] : entry.Detail);
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<AuditEntry>> ListAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            // The cursor is an entry: everything after it in (at, id) descending order. An unknown cursor finds nothing.
            var command = Command(connection, null, $"""
                SELECT {AuditColumns} FROM flowsdk_audit
                WHERE (@target IS NULL OR target = @target)
                  AND (@actor IS NULL OR actor = @actor)
                  AND (@action IS NULL OR action = @action)
                  AND (@from IS NULL OR at >= @from)
                  AND (@to IS NULL OR at < @to)
                  AND (@before IS NULL OR EXISTS (
                      SELECT 1 FROM flowsdk_audit c
                      WHERE c.id = @before AND (flowsdk_audit.at < c.at OR (flowsdk_audit.at = c.at AND flowsdk_audit.id < c.id))))
                ORDER BY at DESC, id DESC
                LIMIT @limit
                """);
            await using (command.ConfigureAwait(false))
            {
                AddText(command, "@target", query.Target);
                AddText(command, "@actor", query.Actor);
                AddText(command, "@action", query.Action);
                AddLong(command, "@from", query.From is { } from ? ToUnixMs(from) : null);
                AddLong(command, "@to", query.To is { } to ? ToUnixMs(to) : null);
                AddText(command, "@before", query.Before?.ToString("D"));
                AddInt(command, "@limit", ClampLimit(query.Limit, 1000));
                var list = new List<AuditEntry>();
                var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        list.Add(ReadAuditEntry(reader));
                    }
                }

                return list;
            }
        }
    }

    private static AuditEntry ReadAuditEntry(DbDataReader reader) => new()
    {
        Id = Guid.Parse(reader.GetString(0)),
        At = FromUnixMs(ReadLong(reader, 1)),
        Actor = reader.GetString(2),
        Action = reader.GetString(3),
        Target = ReadNullableText(reader, 4),
        Status = (int)ReadLong(reader, 5),
        Detail = ReadNullableText(reader, 6),
    };
}
