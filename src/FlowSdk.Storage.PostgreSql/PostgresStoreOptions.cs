namespace FlowSdk.Storage.PostgreSql;

/// <summary>How to reach the PostgreSQL database that several nodes share.</summary>
public sealed class PostgresStoreOptions
{
    /// <summary>
    /// An Npgsql connection string. Set <c>Search Path</c> in it to keep the tables in their own schema. The store turns
    /// on automatic statement preparation (<c>Max Auto Prepare=64</c>) unless the string sets <c>Max Auto Prepare</c>;
    /// set it to 0 behind a pooler in transaction mode that cannot keep prepared statements.
    /// </summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>
    /// How many accept transactions one node keeps in flight at once (default 4), each carrying every message that
    /// queued meanwhile. The server's group commit shares one WAL flush among transactions that commit together, so a
    /// few overlapping writers cut the wait for an acknowledgement to about one flush; 1 writes one transaction at a time.
    /// </summary>
    public int AcceptWriters { get; set; } = 4;
}
