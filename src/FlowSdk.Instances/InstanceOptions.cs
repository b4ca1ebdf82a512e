namespace FlowSdk.Instances;

/// <summary>Rules <see cref="FlowInstanceManager"/> applies to deployments.</summary>
public sealed class InstanceOptions
{
    /// <summary>
    /// Refuse instances of flows this application neither registers (<c>AddFlows()</c>) nor gives a configuration type.
    /// Default true.
    /// </summary>
    public bool RequireKnownFlow { get; set; } = true;

    /// <summary>
    /// Refuse a configuration for a flow without a configuration type unless it is an empty JSON object. Default true,
    /// so unvalidated settings never reach a store.
    /// </summary>
    public bool RequireConfigurationType { get; set; } = true;
}
