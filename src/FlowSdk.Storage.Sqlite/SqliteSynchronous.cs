namespace FlowSdk.Storage.Sqlite;

/// <summary>How hard SQLite works to make a commit survive a crash (its <c>synchronous</c> setting, in write-ahead-log mode).</summary>
public enum SqliteSynchronous
{
    /// <summary>
    /// A commit survives the process crashing or being killed; a power loss or an operating-system crash may undo the
    /// last commits, never corrupt the file. Commits do not wait for the disk, so this is much faster than
    /// <see cref="Full"/>.
    /// </summary>
    Normal,

    /// <summary>
    /// Every commit waits until the disk has the write-ahead log, so a commit survives a power loss too. Each commit
    /// costs a disk flush; accepted messages share one flush per batch.
    /// </summary>
    Full,
}
