namespace FlowSdk.Instances;

/// <summary>How much execution history a store keeps.</summary>
public sealed class ExecutionHistoryOptions
{
    /// <summary>Executions that started longer ago are pruned. Default 30 days.</summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromDays(30);

    /// <summary>At most this many executions are kept per instance, the newest. Default 1000.</summary>
    public int MaxPerInstance { get; set; } = 1000;

    /// <summary>How often the background pruning runs. Default 10 minutes.</summary>
    public TimeSpan PruneInterval { get; set; } = TimeSpan.FromMinutes(10);
}
