namespace FlowSdk.Instances;

/// <summary>How often <see cref="InstanceCatalog"/> looks for changes in the store.</summary>
public sealed class InstanceCatalogOptions
{
    /// <summary>The poll interval. Default 250 ms, so a node sees a change well within a second.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// How old the view may grow while the store cannot be read before it is no longer trusted
    /// (<see cref="InstanceCatalog.IsCurrent"/> turns false): instance webhooks then answer 503 rather than serve a
    /// deleted instance or an old secret, and the readiness check reports unhealthy. Default 30 seconds; never less than
    /// four poll intervals.
    /// </summary>
    public TimeSpan MaxStaleness { get; set; } = TimeSpan.FromSeconds(30);
}
