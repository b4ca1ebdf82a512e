using System.Data.Common;

namespace FlowSdk.Instances;

public abstract partial class SqlFlowStore
{
    private const string ExecutionColumns = "execution_id, instance_id, flow_name, trigger_kind, started_at, ended_at, outcome, failed_step, error, deliveries";

    // Long errors are cut: the history is for operators, and a runaway message must not bloat every row.
    private const int MaxErrorLength = 4000;

    /// <inheritdoc/>
    public Task RecordAsync(ExecutionRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        return RecordAsync([record], cancellationToken);
    }

    /// <inheritdoc/>
    public async Task RecordAsync(IReadOnlyList<ExecutionRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count == 0)
        {
            return;
        }

        var statements = new SqlStatements();
        foreach (var record in records)
        {
            statements.Add(RecordExecutionSql)
                .Text("@id", record.ExecutionId.ToString("D")).Text("@instance", record.InstanceId).Text("@flow", record.FlowName)
                .Text("@trigger", record.Trigger).Long("@started", ToUnixMs(record.StartedAt))
                .Long("@ended", record.EndedAt is { } ended ? ToUnixMs(ended) : null).Text("@outcome", record.Outcome.ToString())
                .Text("@step", record.FailedStep).Text("@error", Truncate(record.Error)).Int("@deliveries", record.Deliveries)
                .Text("@steps", WriteSteps(record.Steps));
        }

        using var gate = await EnterWriteAsync(cancellationToken).ConfigureAwait(false);
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = records.Count == 1 ? null : await BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
            try
            {
                await statements.ExecuteAsync(connection, transaction, connection.CanCreateBatch, null, cancellationToken).ConfigureAwait(false);
                if (transaction is not null)
                {
                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                if (transaction is not null)
                {
                    await transaction.DisposeAsync().ConfigureAwait(false);
                }
            }
        }
    }

    private const string RecordExecutionSql = $"""
        INSERT INTO flowsdk_executions ({ExecutionColumns}, steps)
        VALUES (@id, @instance, @flow, @trigger, @started, @ended, @outcome, @step, @error, @deliveries, @steps)
        ON CONFLICT (execution_id) DO UPDATE SET
            ended_at = excluded.ended_at, outcome = excluded.outcome, failed_step = excluded.failed_step, error = excluded.error,
            steps = COALESCE(excluded.steps, flowsdk_executions.steps),
            deliveries = CASE WHEN excluded.deliveries > flowsdk_executions.deliveries
                THEN excluded.deliveries ELSE flowsdk_executions.deliveries END
        """;

    /// <inheritdoc/>
    public async Task<ExecutionRecord?> GetExecutionAsync(Guid executionId, CancellationToken cancellationToken = default)
    {
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var command = Command(connection, null, $"SELECT {ExecutionColumns}, steps FROM flowsdk_executions WHERE execution_id = @id AND instance_deleted = 0");
            await using (command.ConfigureAwait(false))
            {
                AddText(command, "@id", executionId.ToString("D"));
                var records = await ReadExecutionsAsync(command, cancellationToken, withSteps: true).ConfigureAwait(false);
                return records.Count > 0 ? records[0] : null;
            }
        }
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<ExecutionRecord>> QueryAsync(ExecutionQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            // Only the filters given go into the statement: "@x IS NULL OR column = @x" hides a column from the planner,
            // which then walks the whole started_at index instead of the instance's, flow's or outcome's.
            var where = new List<string> { "instance_deleted = 0" };
            if (query.InstanceId is not null)
            {
                where.Add("instance_id = @instance");
            }

            if (query.FlowName is not null)
            {
                where.Add("flow_name = @flow");
            }

            if (query.Outcome is not null)
            {
                where.Add("outcome = @outcome");
            }

            if (query.From is not null)
            {
                where.Add("started_at >= @from");
            }

            if (query.To is not null)
            {
                where.Add("started_at < @to");
            }

            long? cursor = null;
            if (query.Before is { } before)
            {
                cursor = await ReadStartedAtAsync(connection, before, cancellationToken).ConfigureAwait(false);
                if (cursor is not null)
                {
                    // The first term is a range the index serves; the second breaks ties within the cursor's millisecond.
                    where.Add("started_at <= @cursor AND (started_at < @cursor OR execution_id < @before)");
                }
            }

            var command = Command(connection, null, $"""
                SELECT {ExecutionColumns} FROM flowsdk_executions
                WHERE {string.Join(" AND ", where)}
                ORDER BY started_at DESC, execution_id DESC
                LIMIT @limit
                """);
            await using (command.ConfigureAwait(false))
            {
                if (query.InstanceId is not null)
                {
                    AddText(command, "@instance", query.InstanceId);
                }

                if (query.FlowName is not null)
                {
                    AddText(command, "@flow", query.FlowName);
                }

                if (query.Outcome is { } outcome)
                {
                    AddText(command, "@outcome", outcome.ToString());
                }

                if (query.From is { } from)
                {
                    AddLong(command, "@from", ToUnixMs(from));
                }

                if (query.To is { } to)
                {
                    AddLong(command, "@to", ToUnixMs(to));
                }

                if (cursor is { } cursorAt)
                {
                    AddLong(command, "@cursor", cursorAt);
                    AddText(command, "@before", query.Before!.Value.ToString("D"));
                }

                AddInt(command, "@limit", ClampLimit(query.Limit, 1000));
                return await ReadExecutionsAsync(command, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    // The start of the execution a page continues after, or null when it is unknown (pruned, or never there).
    private static async Task<long?> ReadStartedAtAsync(DbConnection connection, Guid executionId, CancellationToken cancellationToken)
    {
        var command = Command(connection, null, "SELECT started_at FROM flowsdk_executions WHERE execution_id = @id");
        await using (command.ConfigureAwait(false))
        {
            AddText(command, "@id", executionId.ToString("D"));
            var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return value is null or DBNull ? null : Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    /// <inheritdoc/>
    public async Task<int> PruneAsync(CancellationToken cancellationToken = default)
    {
        using var gate = await EnterWriteAsync(cancellationToken).ConfigureAwait(false);
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            // Pending rows stand for stored messages that have not run yet: they go when their message has run.
            var deleted = 0;
            var byAge = Command(connection, null, "DELETE FROM flowsdk_executions WHERE started_at < @cutoff AND outcome <> 'Pending'");
            await using (byAge.ConfigureAwait(false))
            {
                AddLong(byAge, "@cutoff", ToUnixMs(TimeProvider.GetUtcNow() - _history.MaxAge));
                deleted += await byAge.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            var byCount = Command(connection, null, """
                DELETE FROM flowsdk_executions WHERE execution_id IN (
                    SELECT execution_id FROM (
                        SELECT execution_id, ROW_NUMBER() OVER (PARTITION BY instance_id ORDER BY started_at DESC, execution_id DESC) AS position
                        FROM flowsdk_executions) ranked
                    WHERE position > @max)
                AND outcome <> 'Pending'
                """);
            await using (byCount.ConfigureAwait(false))
            {
                AddInt(byCount, "@max", Math.Max(1, _history.MaxPerInstance));
                deleted += await byCount.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            if (deleted > 0)
            {
                Log.Pruned(Logger, deleted);
            }

            await PruneOccurrencesAsync(connection, cancellationToken).ConfigureAwait(false);
            await PruneDeliveriesAsync(connection, cancellationToken).ConfigureAwait(false);

            return deleted;
        }
    }

    private static string? Truncate(string? text) => text is { Length: > MaxErrorLength } ? text[..MaxErrorLength] : text;

    private static async Task<IReadOnlyList<ExecutionRecord>> ReadExecutionsAsync(DbCommand command, CancellationToken cancellationToken, bool withSteps = false)
    {
        var list = new List<ExecutionRecord>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                list.Add(new ExecutionRecord
                {
                    ExecutionId = Guid.Parse(reader.GetString(0)),
                    InstanceId = reader.GetString(1),
                    FlowName = reader.GetString(2),
                    Trigger = reader.GetString(3),
                    StartedAt = FromUnixMs(ReadLong(reader, 4)),
                    EndedAt = ReadNullableLong(reader, 5) is { } ended ? FromUnixMs(ended) : null,
                    Outcome = Enum.Parse<ExecutionOutcome>(reader.GetString(6)),
                    FailedStep = ReadNullableText(reader, 7),
                    Error = ReadNullableText(reader, 8),
                    Deliveries = (int)ReadLong(reader, 9),
                    Steps = withSteps ? ReadSteps(ReadNullableText(reader, 10)) : null,
                });
            }
        }

        return list;
    }
}
