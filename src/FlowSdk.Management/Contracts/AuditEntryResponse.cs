using FlowSdk.Instances;

namespace FlowSdk.Management;

/// <summary>An audit entry: who changed what, when, and how it was answered.</summary>
public sealed class AuditEntryResponse
{
    /// <summary>The entry's id; pass the last one of a page as <c>before</c> for the next page.</summary>
    public Guid Id { get; init; }

    /// <summary>When the change was made.</summary>
    public DateTimeOffset At { get; init; }

    /// <summary>Who made it (an API key's name).</summary>
    public required string Actor { get; init; }

    /// <summary>The endpoint's name, for example <c>DeployInstance</c>.</summary>
    public required string Action { get; init; }

    /// <summary>The instance id or dead letter id, or null for a change to the whole store.</summary>
    public string? Target { get; init; }

    /// <summary>The HTTP status of the answer.</summary>
    public int Status { get; init; }

    /// <summary>A short description: names and counts, never a secret or configuration value.</summary>
    public string? Detail { get; init; }

    internal static AuditEntryResponse From(AuditEntry entry) => new()
    {
        Id = entry.Id,
        At = entry.At,
        Actor = entry.Actor,
        Action = entry.Action,
        Target = entry.Target,
        Status = entry.Status,
        Detail = entry.Detail,
    };
}
