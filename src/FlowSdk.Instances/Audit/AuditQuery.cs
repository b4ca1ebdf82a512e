namespace FlowSdk.Instances;

/// <summary>Filters for <see cref="IAuditLog.ListAsync"/>; results come newest first.</summary>
public sealed class AuditQuery
{
    /// <summary>Only entries about this target (an instance id or a dead letter id).</summary>
    public string? Target { get; init; }

    /// <summary>Only entries by this actor.</summary>
    public string? Actor { get; init; }

    /// <summary>Only entries of this action.</summary>
    public string? Action { get; init; }

    /// <summary>Only entries at or after this time.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Only entries before this time.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>Only entries older than the entry with this id (the last one of the previous page); none when it is unknown.</summary>
    public Guid? Before { get; init; }

    /// <summary>At most this many, 1 to 1000. Default 100.</summary>
    public int Limit { get; init; } = 100;
}
