namespace FlowSdk.Instances;

/// <summary>
/// Who changed what and when: the management API appends one entry per successful change. Entries are kept until an
/// operator removes them; deleting an instance keeps its entries.
/// </summary>
public interface IAuditLog
{
    /// <summary>Appends an entry.</summary>
    Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default);

    /// <summary>Finds entries, newest first; page with <see cref="AuditQuery.Before"/>.</summary>
    Task<IReadOnlyList<AuditEntry>> ListAsync(AuditQuery query, CancellationToken cancellationToken = default);
}
