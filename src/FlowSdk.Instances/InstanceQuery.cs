namespace FlowSdk.Instances;

/// <summary>Which instances <see cref="IInstanceStore.ListAsync"/> returns: filters and a keyset page ordered by id.</summary>
public sealed class InstanceQuery
{
    /// <summary>Only instances of this flow, or all when null.</summary>
    public string? FlowName { get; init; }

    /// <summary>Only enabled (true) or disabled (false) instances, or both when null.</summary>
    public bool? Enabled { get; init; }

    /// <summary>
    /// Only instances whose id or customer label contains this text, ignoring case (ASCII), or all when null. A scan of
    /// the instances table, fine for tens of thousands of instances.
    /// </summary>
    public string? Search { get; init; }

    /// <summary>Only instances whose id sorts after this one (the last id of the previous page), or from the start.</summary>
    public string? AfterId { get; init; }

    /// <summary>The page size, 1 to 1000. Default 100.</summary>
    public int Limit { get; init; } = 100;
}
