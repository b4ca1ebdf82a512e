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

    /// <summary>
    /// The instance secret that keys a webhook flow's per-instance webhooks. Default <c>webhook-secret</c>. Deploying a
    /// webhook flow's instance without it generates one; a rotation keeps the replaced one as <c>{name}.previous</c>.
    /// </summary>
    public string WebhookSecretName { get; set; } = "webhook-secret";

    /// <summary>
    /// How long the secret replaced by <see cref="FlowInstanceManager.RotateWebhookSecretAsync"/> still verifies requests,
    /// unless the rotation says otherwise. Default 24 hours, time for every sender to switch.
    /// </summary>
    public TimeSpan PreviousWebhookSecretLifetime { get; set; } = TimeSpan.FromHours(24);
}
