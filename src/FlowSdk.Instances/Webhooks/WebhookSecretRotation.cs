namespace FlowSdk.Instances.Webhooks;

/// <summary>The outcome of <see cref="FlowInstanceManager.RotateWebhookSecretAsync"/>.</summary>
/// <param name="Instance">The instance after the rotation (its <see cref="FlowInstance.PreviousWebhookSecretExpiresAt"/> set).</param>
/// <param name="Secret">The new current secret: shown to the caller once, never stored in plain text or logged.</param>
public sealed record WebhookSecretRotation(FlowInstance Instance, string Secret)
{
    /// <summary>Names only; never the secret.</summary>
    public override string ToString() => $"WebhookSecretRotation({Instance.Id}, version {Instance.Version})";
}
