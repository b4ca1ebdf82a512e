namespace FlowSdk.Storage.Sqlite;

/// <summary>Where the embedded SQLite store keeps its file.</summary>
public sealed class SqliteStoreOptions
{
    /// <summary>The database file, created with its folder on first use. Default <c>flowsdk.db</c> in the working directory.</summary>
    public string Path { get; set; } = "flowsdk.db";
}
