namespace FlowSdk;

/// <summary>
/// The result of one execution. A value type, so a synchronously completed run allocates nothing.
/// For a flow with a <see cref="SplitAttribute"/> step the counts report per-item outcomes.
/// </summary>
/// <typeparam name="T">The payload type after the last step.</typeparam>
public readonly struct FlowResult<T>
{
    private FlowResult(FlowOutcome outcome, T output, string? failedStep, Exception? exception, int completed, int filtered, int failed)
    {
        Outcome = outcome;
        Output = output;
        FailedStep = failedStep;
        Exception = exception;
        CompletedItems = completed;
        FilteredItems = filtered;
        FailedItems = failed;
    }

    /// <summary>How the execution ended.</summary>
    public FlowOutcome Outcome { get; }

    /// <summary>The payload after the last step; for a split flow the output of the last completed item; otherwise default.</summary>
    public T Output { get; }

    /// <summary>The method name of the step that threw, or null.</summary>
    public string? FailedStep { get; }

    /// <summary>The exception the failing step threw, or null.</summary>
    public Exception? Exception { get; }

    /// <summary>Items that ran through every step (1 for a completed flow without a split).</summary>
    public int CompletedItems { get; }

    /// <summary>Items stopped by a filter (1 for a filtered flow without a split).</summary>
    public int FilteredItems { get; }

    /// <summary>Items whose steps threw (1 for a failed flow without a split).</summary>
    public int FailedItems { get; }

    /// <summary>A completed execution with its final payload.</summary>
    public static FlowResult<T> Completed(T output) => new(FlowOutcome.Completed, output, null, null, 1, 0, 0);

    /// <summary>An execution stopped by a filter.</summary>
    public static FlowResult<T> Filtered() => new(FlowOutcome.Filtered, default!, null, null, 0, 1, 0);

    /// <summary>An execution whose step <paramref name="step"/> threw <paramref name="exception"/>.</summary>
    public static FlowResult<T> Failed(string step, Exception exception) => new(FlowOutcome.Failed, default!, step, exception, 0, 0, 1);

    /// <summary>
    /// The result of a split execution: <see cref="FlowOutcome.Failed"/> when any item failed (reporting the first failure),
    /// <see cref="FlowOutcome.Filtered"/> when items ran and every one was filtered, otherwise <see cref="FlowOutcome.Completed"/>.
    /// </summary>
    public static FlowResult<T> Split(in SplitTally<T> tally)
    {
        var outcome = tally.Failed > 0 ? FlowOutcome.Failed
            : tally.Filtered > 0 && tally.Completed == 0 ? FlowOutcome.Filtered
            : FlowOutcome.Completed;
        return new(outcome, tally.LastOutput, tally.FailedStep, tally.Exception, tally.Completed, tally.Filtered, tally.Failed);
    }

    /// <inheritdoc/>
    public override string ToString() => Outcome switch
    {
        FlowOutcome.Failed => $"Failed at {FailedStep}: {Exception?.Message}",
        _ => Outcome.ToString(),
    };
}
