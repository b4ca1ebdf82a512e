namespace FlowSdk.Instances;

/// <summary>Filters for <see cref="IExecutionHistory.QueryAsync"/>; results come newest first.</summary>
public sealed class ExecutionQuery
{
    /// <summary>Only this instance's executions.</summary>
    public string? InstanceId { get; init; }

    /// <summary>Only this flow's executions.</summary>
    public string? FlowName { get; init; }

    /// <summary>Only executions with this outcome.</summary>
    public ExecutionOutcome? Outcome { get; init; }

    /// <summary>Only executions that started at or after this time.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Only executions that started before this time.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>
    /// Only executions after this one in the newest-first order (the last execution id of the previous page): a keyset
    /// page that neither skips nor repeats executions that started in the same millisecond. Ignored when unknown.
    /// </summary>
    public Guid? Before { get; init; }

    /// <summary>At most this many, 1 to 1000. Default 100.</summary>
    public int Limit { get; init; } = 100;
}
