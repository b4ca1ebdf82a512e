using FlowSdk.Instances;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace FlowSdk.Connections.Tests;

/// <summary>
/// One database shared by the nodes of a test: a temporary SQLite file, or a schema of its own on the PostgreSQL server
/// named by <c>FLOWSDK_POSTGRES</c> (set by <c>.ci/postgres.sh</c>; without it the PostgreSQL tests fail, never skip).
/// </summary>
public sealed class StoreEngine : IAsyncDisposable
{
    private readonly string _engine;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "flowsdk-connections-" + Guid.NewGuid().ToString("N"));
    private readonly string _schema = "c_" + Guid.NewGuid().ToString("N");
    private string? _postgres;

    private StoreEngine(string engine) => _engine = engine;

    public static async Task<StoreEngine> CreateAsync(string engine)
    {
        var store = new StoreEngine(engine);
        if (engine == "postgres")
        {
            var server = Environment.GetEnvironmentVariable("FLOWSDK_POSTGRES") is { Length: > 0 } value
                ? value
                : throw new InvalidOperationException("FLOWSDK_POSTGRES is not set, so the PostgreSQL tests cannot run: `source .ci/postgres.sh` exports it (docs/instances.md).");
            await using var connection = new NpgsqlConnection(server);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE SCHEMA {store._schema}", connection);
            await command.ExecuteNonQueryAsync();
            store._postgres = new NpgsqlConnectionStringBuilder(server) { SearchPath = store._schema }.ConnectionString;
        }

        return store;
    }

    /// <summary>Chooses this database for one node: every call makes a store object of its own, as another process would.</summary>
    public void Use(FlowInstancesBuilder instances)
    {
        if (_postgres is { } connectionString)
        {
            instances.UsePostgres(o => o.ConnectionString = connectionString);
        }
        else
        {
            instances.UseSqlite(o => o.Path = Path.Combine(_folder, "flows.db"));
        }
    }

    public async Task ExecuteAsync(string sql)
    {
        if (_postgres is { } connectionString)
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }
        else
        {
            await using var connection = new SqliteConnection($"Data Source={Path.Combine(_folder, "flows.db")}");
            await connection.OpenAsync();
            await using var command = new SqliteCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }
    }

    public async Task<object?> ScalarAsync(string sql)
    {
        if (_postgres is { } connectionString)
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(sql, connection);
            return await command.ExecuteScalarAsync();
        }

        await using var sqlite = new SqliteConnection($"Data Source={Path.Combine(_folder, "flows.db")}");
        await sqlite.OpenAsync();
        await using var query = new SqliteCommand(sql, sqlite);
        return await query.ExecuteScalarAsync();
    }

    public override string ToString() => _engine;

    public async ValueTask DisposeAsync()
    {
        if (_postgres is not null)
        {
            await using var connection = new NpgsqlConnection(Environment.GetEnvironmentVariable("FLOWSDK_POSTGRES"));
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {_schema} CASCADE", connection);
            await command.ExecuteNonQueryAsync();
        }
        else if (Directory.Exists(_folder))
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(_folder, recursive: true);
        }
    }
}
