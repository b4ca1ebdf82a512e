namespace FlowSdk.Instances;

/// <summary>
/// Counts over the execution history for an overview: executions by flow, outcome and time bucket, and the executions
/// waiting or running now. Implemented by the SQL stores next to <see cref="IExecutionHistory"/>.
/// </summary>
public interface IExecutionStatistics
{
    /// <summary>Counts the executions that started in [<paramref name="from"/>, <paramref name="to"/>), per flow, outcome and bucket.</summary>
    /// <param name="from">The start of the first bucket.</param>
    /// <param name="to">The end of the window.</param>
    /// <param name="bucket">The width of a bucket (at least one second).</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    Task<ExecutionStatistics> GetStatisticsAsync(DateTimeOffset from, DateTimeOffset to, TimeSpan bucket, CancellationToken cancellationToken = default);
}

/// <summary>The answer of <see cref="IExecutionStatistics.GetStatisticsAsync"/>.</summary>
/// <param name="Buckets">Non-zero counts by flow, bucket and outcome.</param>
/// <param name="Open">Per flow, the executions pending (stored, not yet claimed) and running now, whenever they started.</param>
public sealed record ExecutionStatistics(IReadOnlyList<ExecutionBucketCount> Buckets, IReadOnlyList<OpenExecutionCount> Open);

/// <summary>How many executions of a flow started in one bucket and ended with one outcome.</summary>
/// <param name="FlowName">The flow.</param>
/// <param name="BucketStart">The start of the bucket.</param>
/// <param name="Outcome">The outcome.</param>
/// <param name="Count">How many.</param>
public sealed record ExecutionBucketCount(string FlowName, DateTimeOffset BucketStart, ExecutionOutcome Outcome, long Count);

/// <summary>How many executions of a flow wait in its queue and run now.</summary>
/// <param name="FlowName">The flow.</param>
/// <param name="Pending">Stored and waiting to be claimed.</param>
/// <param name="Running">Claimed and running.</param>
public sealed record OpenExecutionCount(string FlowName, long Pending, long Running);
