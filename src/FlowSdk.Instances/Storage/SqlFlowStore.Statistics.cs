namespace FlowSdk.Instances;

public abstract partial class SqlFlowStore : IExecutionStatistics
{
    /// <inheritdoc/>
    public async Task<ExecutionStatistics> GetStatisticsAsync(DateTimeOffset from, DateTimeOffset to, TimeSpan bucket, CancellationToken cancellationToken = default)
    {
        var width = Math.Max(1000L, (long)bucket.TotalMilliseconds);
        var start = ToUnixMs(from);
        var buckets = new List<ExecutionBucketCount>();
        var open = new List<OpenExecutionCount>();
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            // A range on ix_flowsdk_executions_started; integer division buckets the same way on both engines.
            var counts = Command(connection, null, """
                SELECT flow_name, (started_at - @from) / @width AS bucket, outcome, COUNT(*)
                FROM flowsdk_executions
                WHERE started_at >= @from AND started_at < @to AND instance_deleted = 0
                GROUP BY 1, 2, 3
                """);
            await using (counts.ConfigureAwait(false))
            {
                AddLong(counts, "@from", start);
                AddLong(counts, "@to", ToUnixMs(to));
                AddLong(counts, "@width", width);
                var reader = await counts.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        if (Enum.TryParse<ExecutionOutcome>(reader.GetString(2), out var outcome))
                        {
                            buckets.Add(new ExecutionBucketCount(reader.GetString(0), FromUnixMs(start + (reader.GetInt64(1) * width)), outcome, reader.GetInt64(3)));
                        }
                    }
                }
            }

            // Open executions are few and found through ix_flowsdk_executions_outcome, not by scanning the history.
            var waiting = Command(connection, null, """
                SELECT flow_name, outcome, COUNT(*) FROM flowsdk_executions
                WHERE outcome IN ('Pending', 'Running') AND instance_deleted = 0
                GROUP BY flow_name, outcome
                """);
            await using (waiting.ConfigureAwait(false))
            {
                var byFlow = new SortedDictionary<string, (long Pending, long Running)>(StringComparer.Ordinal);
                var reader = await waiting.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        var flow = reader.GetString(0);
                        var current = byFlow.GetValueOrDefault(flow);
                        byFlow[flow] = reader.GetString(1) == nameof(ExecutionOutcome.Pending)
                            ? (current.Pending + reader.GetInt64(2), current.Running)
                            : (current.Pending, current.Running + reader.GetInt64(2));
                    }
                }

                open.AddRange(byFlow.Select(f => new OpenExecutionCount(f.Key, f.Value.Pending, f.Value.Running)));
            }
        }

        return new ExecutionStatistics(buckets, open);
    }
}
