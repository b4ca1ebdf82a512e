namespace FlowSdk.Storage.PostgreSql;

/// <summary>How to reach the PostgreSQL database that several nodes share.</summary>
public sealed class PostgresStoreOptions
{
    /// <summary>An Npgsql connection string. Set <c>Search Path</c> in it to keep the tables in their own schema.</summary>
    public string ConnectionString { get; set; } = string.Empty;
}
