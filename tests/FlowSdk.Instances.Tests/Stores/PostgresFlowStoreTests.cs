using FlowSdk.Instances;
using FlowSdk.Storage.PostgreSql;
using Microsoft.Extensions.Options;
using Npgsql;

namespace FlowSdk.Instances.Tests;

/// <summary>
/// The shared suite on a real PostgreSQL, each test in its own schema. The server comes from <c>FLOWSDK_POSTGRES</c>
/// (set by <c>.ci/postgres.sh</c>); without it every test here fails, so a missing database can never pass as green.
/// </summary>
public sealed partial class PostgresFlowStoreTests : FlowStoreTests
{
    public const string Variable = "FLOWSDK_POSTGRES";

    private readonly string _schema = "t_" + Guid.NewGuid().ToString("N");
    private string _connectionString = string.Empty;

    public static string RequireConnectionString() =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{Variable} is not set, so the PostgreSQL store tests cannot run. Start a server with `source .ci/postgres.sh` " +
                "(it exports the variable) or set it to an Npgsql connection string; see docs/instances.md.");

    protected override async Task CreateDatabaseAsync()
    {
        var server = RequireConnectionString();
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE SCHEMA {_schema}", connection);
            await command.ExecuteNonQueryAsync();
        }

        _connectionString = new NpgsqlConnectionStringBuilder(server) { SearchPath = _schema }.ConnectionString;
    }

    protected override SqlFlowStore OpenStore(ISecretProtector protector, TimeProvider timeProvider, ExecutionHistoryOptions history) =>
        new PostgresFlowStore(Options.Create(new PostgresStoreOptions { ConnectionString = _connectionString }), protector, Options.Create(history), timeProvider);

    protected override async Task<string> ReadStoredSecretsAsync(string instanceId)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT secrets FROM flowsdk_instances WHERE id = @id", connection);
        command.Parameters.AddWithValue("id", instanceId);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    protected override async Task ExecuteSqlAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    protected override async Task DropDatabaseAsync()
    {
        if (_connectionString.Length == 0)
        {
            return;
        }

        await using var connection = new NpgsqlConnection(RequireConnectionString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {_schema} CASCADE", connection);
        await command.ExecuteNonQueryAsync();
    }
}
