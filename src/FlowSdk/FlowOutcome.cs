namespace FlowSdk;

/// <summary>How an execution ended.</summary>
public enum FlowOutcome
{
    /// <summary>Every step ran; <see cref="FlowResult{T}.Output"/> holds the final payload.</summary>
    Completed,

    /// <summary>A filter returned false; the remaining steps did not run.</summary>
    Filtered,

    /// <summary>A step threw; <see cref="FlowResult{T}.FailedStep"/> and <see cref="FlowResult{T}.Exception"/> say which and why.</summary>
    Failed,
}
