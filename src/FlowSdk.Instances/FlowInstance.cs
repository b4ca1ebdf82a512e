namespace FlowSdk.Instances;

/// <summary>
/// One deployment of a flow for one customer: which flow, whose, whether it runs, and its settings. Secret values are
/// never part of it; only their names are (<see cref="SecretNames"/>).
/// </summary>
public sealed class FlowInstance
{
    /// <summary>The instance's stable id, unique across all flows (used in routes, logs and history).</summary>
    public required string Id { get; init; }

    /// <summary>The name of the deployed flow, as in <see cref="FlowAttribute.Name"/>.</summary>
    public required string FlowName { get; init; }

    /// <summary>A free label naming the customer the instance serves, or null.</summary>
    public string? Customer { get; init; }

    /// <summary>Whether new executions may start for this instance.</summary>
    public bool Enabled { get; init; }

    /// <summary>The validated configuration as JSON.</summary>
    public required string ConfigurationJson { get; init; }

    /// <summary>The full name of the CLR type the configuration binds to, or null when the flow declares none.</summary>
    public string? ConfigurationType { get; init; }

    /// <summary>The names of the instance's secrets, sorted; the values stay encrypted in the store.</summary>
    public IReadOnlyList<string> SecretNames { get; init; } = [];

    /// <summary>A cron expression that replaces the flow's own schedule for this instance, or null.</summary>
    public string? Schedule { get; init; }

    /// <summary>When the instance was deployed.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the instance last changed.</summary>
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>
    /// The store's change sequence number at the instance's last change: it grows with every change, so it serves as an
    /// entity tag for optimistic concurrency and as a position in the store's change feed.
    /// </summary>
    public long Version { get; init; }

    /// <summary>
    /// Until when the webhook secret replaced by the last rotation still verifies requests (the secret named
    /// <c>{WebhookSecretName}.previous</c>), or null when no rotation left one. Only the time; never the value.
    /// </summary>
    public DateTimeOffset? PreviousWebhookSecretExpiresAt { get; init; }

    /// <summary>
    /// What the host keeps for this version of the instance (its binding), so a message that found the instance in
    /// the catalog reaches it without a second lookup by id; set by the host, never read by the store.
    /// </summary>
    internal object? HostState;
}
