namespace FlowSdk.Instances;

/// <summary>Maps a run's <see cref="FlowOutcome"/> to the history's <see cref="ExecutionOutcome"/>.</summary>
public static class ExecutionOutcomeExtensions
{
    /// <summary>The history outcome of a finished run.</summary>
    public static ExecutionOutcome ToExecutionOutcome(this FlowOutcome outcome) => outcome switch
    {
        FlowOutcome.Completed => ExecutionOutcome.Completed,
        FlowOutcome.Filtered => ExecutionOutcome.Filtered,
        FlowOutcome.Failed => ExecutionOutcome.Failed,
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "Unknown flow outcome."),
    };
}
