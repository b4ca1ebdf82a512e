namespace FlowSdk.Instances;

/// <summary>Where an execution stands in the history: waiting, running, or how it ended.</summary>
public enum ExecutionOutcome
{
    /// <summary>Started and not yet ended.</summary>
    Running,

    /// <summary>Every step ran.</summary>
    Completed,

    /// <summary>A filter stopped it.</summary>
    Filtered,

    /// <summary>A step threw.</summary>
    Failed,

    /// <summary>Cancelled before it ended (for example at shutdown).</summary>
    Canceled,

    /// <summary>Accepted and stored; waiting to be claimed. Last so the earlier values keep their numbers.</summary>
    Pending,
}
