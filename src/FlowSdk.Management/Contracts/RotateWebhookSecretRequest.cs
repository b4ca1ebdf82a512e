namespace FlowSdk.Management;

/// <summary>
/// The optional body of <c>POST {prefix}/instances/{id}/webhook-secret/rotate</c>. Without a body a new secret is
/// generated and the replaced one verifies for the configured lifetime (24 hours by default).
/// </summary>
public sealed class RotateWebhookSecretRequest
{
    /// <summary>The new secret (it must suit the flow's signature scheme), or null to generate one.</summary>
    public string? Secret { get; set; }

    /// <summary>How many seconds the replaced secret still verifies requests (0 to one year), or null for the default.</summary>
    public long? PreviousLifetimeSeconds { get; set; }
}
