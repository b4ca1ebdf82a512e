namespace FlowSdk.Storage.Sqlite;

/// <summary>Where the embedded SQLite store keeps its file, and how durable its commits are.</summary>
public sealed class SqliteStoreOptions
{
    /// <summary>The database file, created with its folder on first use. Default <c>flowsdk.db</c> in the working directory.</summary>
    public string Path { get; set; } = "flowsdk.db";

    /// <summary>
    /// What a commit survives, so what an acknowledged message survives. <see cref="SqliteSynchronous.Normal"/> (the
    /// default) survives the process crashing or being killed, which is what a redeploy or an out-of-memory kill does;
    /// <see cref="SqliteSynchronous.Full"/> also survives a power loss or an operating-system crash, at the cost of a disk
    /// flush per commit. Applied (<c>PRAGMA synchronous</c>) on every connection the store opens.
    /// </summary>
    public SqliteSynchronous Synchronous { get; set; } = SqliteSynchronous.Normal;

    /// <summary>
    /// How long SQLite itself waits, polling, for another process's lock before it reports the file busy
    /// (<c>PRAGMA busy_timeout</c>); Microsoft.Data.Sqlite then tries the statement again until its 30-second command
    /// timeout. Writers of one process queue before they reach SQLite, so this matters only when several processes share
    /// the file. Default 5 seconds.
    /// </summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
