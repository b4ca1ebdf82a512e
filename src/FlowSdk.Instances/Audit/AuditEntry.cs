namespace FlowSdk.Instances;

/// <summary>One change, as the audit log keeps it. Never holds a secret or a configuration value.</summary>
public sealed class AuditEntry
{
    /// <summary>The entry's id; also the paging cursor.</summary>
    public required Guid Id { get; init; }

    /// <summary>When the change was made.</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>Who made it: the name of the caller's identity (for an API key, its configured name).</summary>
    public required string Actor { get; init; }

    /// <summary>What was done: the endpoint's name, for example <c>DeployInstance</c> or <c>ReplayDeadLetter</c>.</summary>
    public required string Action { get; init; }

    /// <summary>What it was done to: an instance id, a dead letter id, or null for a change to the whole store.</summary>
    public string? Target { get; init; }

    /// <summary>The HTTP status the change was answered with.</summary>
    public int Status { get; init; }

    /// <summary>A short description (names and counts only), or null.</summary>
    public string? Detail { get; init; }
}
