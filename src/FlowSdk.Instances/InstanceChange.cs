namespace FlowSdk.Instances;

/// <summary>One entry of a store's change feed: an instance as it now is, or its deletion.</summary>
/// <param name="InstanceId">The changed instance.</param>
/// <param name="FlowName">The instance's flow.</param>
/// <param name="Version">The change's sequence number.</param>
/// <param name="Instance">The instance after the change, or null when it was deleted.</param>
public sealed record InstanceChange(string InstanceId, string FlowName, long Version, FlowInstance? Instance)
{
    /// <summary>Whether the instance was deleted.</summary>
    public bool IsDeleted => Instance is null;
}

/// <summary>The changes after a known version, in version order.</summary>
/// <param name="Changes">At most one entry per instance: its latest state.</param>
/// <param name="Version">The version the caller is current with after applying <paramref name="Changes"/>; pass it to the next call.</param>
/// <param name="HasMore">Whether more changes follow beyond the requested limit.</param>
public sealed record InstanceChangeSet(IReadOnlyList<InstanceChange> Changes, long Version, bool HasMore);
