using Npgsql;

namespace FlowSdk.Durability.Tests;

/// <summary>
/// A fresh schema on the PostgreSQL that <c>FLOWSDK_POSTGRES</c> names (<c>source .ci/postgres.sh</c> starts one and
/// sets it), dropped at the end: each test's workers share a store no other test touches. Without the variable the
/// test fails, so a missing database never passes as green.
/// </summary>
internal sealed class PostgresSchema : IAsyncDisposable
{
    public const string Variable = "FLOWSDK_POSTGRES";

    private readonly string _server;
    private readonly string _name = "durability_" + Guid.NewGuid().ToString("N")[..12];

    private PostgresSchema(string server)
    {
        _server = server;
        ConnectionString = new NpgsqlConnectionStringBuilder(server) { SearchPath = _name }.ConnectionString;
    }

    /// <summary>The connection string the workers use: the server's, with the schema as search path.</summary>
    public string ConnectionString { get; }

    public static async Task<PostgresSchema> CreateAsync()
    {
        var server = Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{Variable} is not set: run `source .ci/postgres.sh` first (it starts PostgreSQL and sets it).");
        var schema = new PostgresSchema(server);
        await schema.ExecuteAsync($"CREATE SCHEMA {schema._name}");
        return schema;
    }

    /// <summary>Drops the schema; call after the workers are gone, or the drop waits for their locks.</summary>
    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync($"DROP SCHEMA IF EXISTS {_name} CASCADE");
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
