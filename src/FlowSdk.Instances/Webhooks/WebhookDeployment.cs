namespace FlowSdk.Instances.Webhooks;

/// <summary>The outcome of <see cref="FlowInstanceManager.DeployWithWebhookSecretAsync"/>.</summary>
/// <param name="Instance">The deployed instance.</param>
/// <param name="GeneratedSecret">The webhook secret generated for it when none was given, else null: shown once, never again.</param>
public sealed record WebhookDeployment(FlowInstance Instance, string? GeneratedSecret)
{
    /// <summary>Names only; never the secret.</summary>
    public override string ToString() => $"WebhookDeployment({Instance.Id}, generated: {GeneratedSecret is not null})";
}
