namespace FlowSdk.Instances.Webhooks;

/// <summary>The webhook secrets that may verify an instance's requests now.</summary>
/// <param name="Current">The current secret, or null when the instance has none (every request is refused).</param>
/// <param name="Previous">The secret replaced by the last rotation while it has not expired, else null.</param>
public readonly record struct WebhookSecretSet(string? Current, string? Previous);
