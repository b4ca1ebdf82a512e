namespace FlowSdk.Instances;

/// <summary>
/// A change to an existing instance. Customer, configuration and schedule are replaced as given; secrets are merged:
/// a name with a value sets that secret, a name with null removes it, and names not mentioned are kept (secrets are
/// never read back, so a client could not resend them).
/// </summary>
public sealed class InstanceUpdate
{
    /// <summary>The new customer label, or null for none.</summary>
    public string? Customer { get; init; }

    /// <summary>The new configuration as JSON.</summary>
    public string ConfigurationJson { get; init; } = "{}";

    /// <summary>The full name of the configuration's CLR type, or null.</summary>
    public string? ConfigurationType { get; init; }

    /// <summary>Secrets to set (a value) or remove (null); others are kept.</summary>
    public IReadOnlyDictionary<string, string?> Secrets { get; init; } = new Dictionary<string, string?>();

    /// <summary>The new schedule override, or null for the flow's own schedule.</summary>
    public string? Schedule { get; init; }

    /// <summary>
    /// A new expiry for the previous webhook secret (<see cref="FlowInstance.PreviousWebhookSecretExpiresAt"/>), or null to
    /// keep the stored one. <see cref="FlowInstanceManager.RotateWebhookSecretAsync"/> sets it with the secrets it moves.
    /// </summary>
    public DateTimeOffset? PreviousWebhookSecretExpiresAt { get; init; }
}
