namespace FlowSdk.Instances;

/// <summary>How often <see cref="InstanceCatalog"/> looks for changes in the store.</summary>
public sealed class InstanceCatalogOptions
{
    /// <summary>The poll interval. Default 250 ms, so a node sees a change well within a second.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(250);
}
