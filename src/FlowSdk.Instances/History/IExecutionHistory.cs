namespace FlowSdk.Instances;

/// <summary>Keeps a bounded history of executions per instance (<see cref="ExecutionHistoryOptions"/>).</summary>
public interface IExecutionHistory
{
    /// <summary>Records an execution; recording the same execution id again replaces it (a start, then its end).</summary>
    Task RecordAsync(ExecutionRecord record, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records several executions, in order, as <see cref="RecordAsync(ExecutionRecord, CancellationToken)"/> does each.
    /// A store that has transactions writes them in one; this default records them one at a time.
    /// </summary>
    async Task RecordAsync(IReadOnlyList<ExecutionRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        foreach (var record in records)
        {
            await RecordAsync(record, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Gets one execution, or null.</summary>
    Task<ExecutionRecord?> GetExecutionAsync(Guid executionId, CancellationToken cancellationToken = default);

    /// <summary>Finds executions, newest first.</summary>
    Task<IReadOnlyList<ExecutionRecord>> QueryAsync(ExecutionQuery query, CancellationToken cancellationToken = default);

    /// <summary>Deletes executions older than the retention age and beyond the per-instance cap; returns how many.</summary>
    Task<int> PruneAsync(CancellationToken cancellationToken = default);
}
