using System.Text;
using FlowSdk.Instances;
using FlowSdk.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Xunit;

namespace FlowSdk.Instances.Tests;

/// <summary>The shared suite on a real SQLite file in a folder that does not exist until the store creates it.</summary>
public sealed class SqliteFlowStoreTests : FlowStoreTests
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "flowsdk-tests", Guid.NewGuid().ToString("N"));

    private string DatabasePath => Path.Combine(_folder, "nested", "flows.db");

    protected override Task CreateDatabaseAsync() => Task.CompletedTask;

    protected override SqlFlowStore OpenStore(ISecretProtector protector, TimeProvider timeProvider, ExecutionHistoryOptions history) =>
        new SqliteFlowStore(Options.Create(new SqliteStoreOptions { Path = DatabasePath }), protector, Options.Create(history), timeProvider);

    protected override async Task<string> ReadStoredSecretsAsync(string instanceId)
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT secrets FROM flowsdk_instances WHERE id = $id";
        command.Parameters.AddWithValue("$id", instanceId);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    protected override async Task ExecuteSqlAsync(string sql)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Mode=ReadWriteCreate;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    protected override Task DropDatabaseAsync()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }

        return Task.CompletedTask;
    }

    // The statements that read claimed messages: each must seek by more than the flow, or it reads every message of
    // the flow, the waiting backlog included (the capped claim's list of instances at their cap once did).
    [Theory]
    [InlineData("capped claim")]
    [InlineData("claim")]
    [InlineData("lapsed leases")]
    [InlineData("finish")]
    [InlineData("release")]
    public async Task Statements_on_claimed_messages_never_read_the_flows_whole_backlog(string statement)
    {
        await Store.InitializeAsync();
        var sql = statement switch
        {
            "capped claim" => SqlFlowStore.CappedClaimSql(string.Empty),
            "claim" => SqlFlowStore.ClaimSql(string.Empty),
            "lapsed leases" => SqlFlowStore.ExpireLeasesSql(string.Empty),
            "finish" => SqlFlowStore.CompleteSql,
            _ => SqlFlowStore.ReleaseSql,
        };

        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + sql;
        var plan = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                plan.Add(reader.GetString(3));
            }
        }

        var reads = plan.Where(step => step.StartsWith("SEARCH", StringComparison.Ordinal) || step.StartsWith("SCAN", StringComparison.Ordinal))
            .Where(step => !step.StartsWith("SCAN ranked", StringComparison.Ordinal) && !step.StartsWith("SCAN c", StringComparison.Ordinal) && !step.StartsWith("SCAN (subquery", StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(reads);
        Assert.All(reads, step =>
        {
            Assert.StartsWith("SEARCH", step, StringComparison.Ordinal);
            Assert.False(step.EndsWith("(flow_name=?)", StringComparison.Ordinal), $"'{step}' reads every message of the flow.");
        });
    }

    // SQLite only: it has one writer, so every message ranks against all the ones before it whatever the batches; on
    // PostgreSQL concurrent accept transactions may share ranks (see A_newcomer_is_served_round_robin_...).
    [Fact]
    public async Task Messages_accepted_together_rank_one_past_the_previous_of_their_instance_so_instances_alternate()
    {
        await Store.InitializeAsync();
        var acme = Enumerable.Range(0, 5).Select(_ => Message(instance: "acme")).ToArray();
        var globex = Enumerable.Range(0, 5).Select(_ => Message(instance: "globex")).ToArray();

        // Queued together: the writer stores them in a batch or two, where each message after the first of its instance
        // takes its rank from the one before it in the batch.
        var accepts = acme.Concat(globex).Select(m => Store.AcceptAsync(m).AsTask()).ToArray();
        await Task.WhenAll(accepts);

        Assert.InRange(Store.AcceptTransactions, 1, 5);
        var claimed = await Store.ClaimAsync(Claim(10));
        var expected = acme.Zip(globex).SelectMany(pair => new[] { pair.First.ExecutionId, pair.Second.ExecutionId });
        Assert.Equal(expected, claimed.Select(c => c.ExecutionId));
    }

    [Fact]
    public async Task The_file_and_its_folder_are_created_on_first_use()
    {
        Assert.False(File.Exists(DatabasePath));
        await Store.InitializeAsync();
        Assert.True(File.Exists(DatabasePath));
        Assert.Equal(DatabasePath, ((SqliteFlowStore)Store).FilePath);
    }

    [Theory]
    [InlineData(SqliteSynchronous.Normal, 1)]
    [InlineData(SqliteSynchronous.Full, 2)]
    public async Task Every_connection_gets_the_durability_and_busy_timeout_settings(SqliteSynchronous synchronous, long expected)
    {
        var store = new SqliteFlowStore(
            Options.Create(new SqliteStoreOptions { Path = DatabasePath, Synchronous = synchronous, BusyTimeout = TimeSpan.FromSeconds(7) }),
            TestSecrets.CreateProtector());
        await using (store)
        {
            await store.InitializeAsync();
            for (var i = 0; i < 2; i++) // the second comes from the pool
            {
                await using var connection = await store.OpenConfiguredConnectionAsync(CancellationToken.None);
                await using var command = connection.CreateCommand();
                command.CommandText = "PRAGMA synchronous";
                Assert.Equal(expected, (long)(await command.ExecuteScalarAsync())!);
                command.CommandText = "PRAGMA busy_timeout";
                Assert.Equal(7000L, (long)(await command.ExecuteScalarAsync())!);
                command.CommandText = "PRAGMA journal_mode";
                Assert.Equal("wal", (string)(await command.ExecuteScalarAsync())!);
            }

            var message = Message();
            Assert.Equal(FlowSdk.Hosting.MessageAcceptance.Accepted, await store.AcceptAsync(message));
            Assert.Equal(message.ExecutionId, Assert.Single(await store.ClaimAsync(Claim(1))).ExecutionId);
        }
    }

    [Fact]
    public async Task No_secret_value_appears_anywhere_in_the_database_files()
    {
        await Store.DeployAsync(new InstanceDeployment
        {
            Id = "acme",
            FlowName = "customer-sync",
            Secrets = new Dictionary<string, string> { ["token"] = "plain-text-token-1234567890" },
        });
        await Store.UpdateAsync("acme", new InstanceUpdate { Secrets = new Dictionary<string, string?> { ["other"] = "second-plain-secret-0987" } });

        SqliteConnection.ClearAllPools();
        foreach (var file in Directory.GetFiles(Path.GetDirectoryName(DatabasePath)!))
        {
            var bytes = await File.ReadAllBytesAsync(file);
            Assert.DoesNotContain("plain-text-token-1234567890", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
            Assert.DoesNotContain("second-plain-secret-0987", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        }

        Assert.Equal("plain-text-token-1234567890", (await Store.GetSecretsAsync("acme"))!.GetValue("token"));
    }
}
