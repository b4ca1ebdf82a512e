namespace FlowSdk.Instances;

/// <summary>One execution of an instance, as the history keeps it.</summary>
public sealed class ExecutionRecord
{
    /// <summary>The execution's id (<see cref="FlowContext.ExecutionId"/>).</summary>
    public required Guid ExecutionId { get; init; }

    /// <summary>The instance it ran for.</summary>
    public required string InstanceId { get; init; }

    /// <summary>The flow.</summary>
    public required string FlowName { get; init; }

    /// <summary>What started it: <c>webhook</c>, <c>schedule</c>, <c>channel</c>, <c>replay</c> or another name a host uses.</summary>
    public required string Trigger { get; init; }

    /// <summary>When it started.</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>When it ended, or null while running.</summary>
    public DateTimeOffset? EndedAt { get; init; }

    /// <summary>How it ended, or <see cref="ExecutionOutcome.Running"/> or <see cref="ExecutionOutcome.Pending"/>.</summary>
    public ExecutionOutcome Outcome { get; init; }

    /// <summary>The failing step's method name, when it failed in a step.</summary>
    public string? FailedStep { get; init; }

    /// <summary>The error (type and message, secrets redacted), when it failed; never a stack trace.</summary>
    public string? Error { get; init; }

    /// <summary>
    /// How many times it was delivered to a node, this run included: 1 unless a stored message was claimed again after
    /// its node crashed or stalled; 0 while <see cref="ExecutionOutcome.Pending"/>. Recording a smaller count than the
    /// history holds keeps the larger one.
    /// </summary>
    public int Deliveries { get; init; } = 1;

    /// <summary>
    /// The step journal of the execution's last attempt, the steps that ran in order; null when the flow keeps no journal
    /// (or the execution has not ended). Read by <see cref="IExecutionHistory.GetExecutionAsync"/>, not by queries.
    /// </summary>
    public IReadOnlyList<ExecutionStep>? Steps { get; init; }
}
