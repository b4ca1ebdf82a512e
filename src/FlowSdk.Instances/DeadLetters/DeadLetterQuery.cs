namespace FlowSdk.Instances;

/// <summary>Filters for <see cref="IDeadLetterStore.QueryDeadLettersAsync"/>; results come newest first.</summary>
public sealed class DeadLetterQuery
{
    /// <summary>Only this instance's dead letters.</summary>
    public string? InstanceId { get; init; }

    /// <summary>Only this flow's dead letters.</summary>
    public string? FlowName { get; init; }

    /// <summary>Only dead letters created at or after this time.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Only dead letters created before this time.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>At most this many, 1 to 1000. Default 100.</summary>
    public int Limit { get; init; } = 100;
}
