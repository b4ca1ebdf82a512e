using System.Text.Json;
using FlowSdk.Hosting;
using FlowSdk.Storage.PostgreSql;
using Npgsql;
using Xunit;

namespace FlowSdk.Instances.Tests;

/// <summary>
/// The plans PostgreSQL picks for the message store's statements on a table it has no statistics for: a new table, or
/// a queue last analysed while nearly empty. Each claim and each lane-rank lookup must read a few index entries, never
/// the whole backlog (an index that also matches the waiting messages without their order made the planner scan and
/// sort every waiting message on every call).
/// </summary>
public sealed partial class PostgresFlowStoreTests
{
    private const int Backlog = 300;

    [Fact]
    public async Task A_claim_reads_the_messages_it_takes_not_the_backlog()
    {
        await FillBacklogAsync();

        var rows = await ScannedRowsAsync(SqlFlowStore.ClaimSql("FOR UPDATE SKIP LOCKED"), command => command.Parameters
            .With("node", "node-b").With("until", T0.AddMinutes(1).ToUnixTimeMilliseconds()).With("flow", Flow).With("count", 5));

        Assert.All(rows, r => Assert.True(r.Rows <= 5, $"{r.Node} read {r.Rows} rows of a backlog of {Backlog}."));
    }

    [Fact]
    public async Task An_accepted_message_finds_its_lane_rank_without_reading_the_backlog()
    {
        await FillBacklogAsync();

        var rows = await ScannedRowsAsync(SqlFlowStore.InsertMessageSql[0], command => command.Parameters
            .With("id", Guid.NewGuid().ToString("D")).With("flow", Flow).With("instance", "acme").With("trigger", "webhook")
            .With("payload", """{"n":1}"""u8.ToArray()).With("accepted", T0.ToUnixTimeMilliseconds()).With("claimed", 0)
            .With("seq", 1_000_000L).With("node", DBNull.Value).With("until", DBNull.Value));

        // The running messages (claimed below) may be read; the waiting ones only at the ends the lookups need.
        Assert.All(rows, r => Assert.True(r.Rows <= 5, $"{r.Node} read {r.Rows} rows of a backlog of {Backlog}."));
    }

    [Fact]
    public async Task A_claim_under_a_running_cap_reads_the_claimed_messages_and_its_window_not_the_backlog()
    {
        await FillBacklogAsync();

        var rows = await ScannedRowsAsync(SqlFlowStore.CappedClaimSql("FOR UPDATE SKIP LOCKED"), command => command.Parameters
            .With("node", "node-b").With("until", T0.AddMinutes(1).ToUnixTimeMilliseconds()).With("flow", Flow)
            .With("cap", 1).With("window", 20).With("count", 5));

        Assert.All(rows, r => Assert.True(r.Rows <= 40, $"{r.Node} read {r.Rows} rows of a backlog of {Backlog}, with 5 claimed and a window of 20."));
    }

    [Fact]
    public async Task Recording_outcomes_reads_the_messages_it_finishes_not_every_claimed_one()
    {
        var done = await ClaimBacklogAsync(2);

        var rows = await ScannedRowsAsync(PostgresFlowStore.CompleteAllSql, command => command.Parameters
            .With("ids", done.Select(c => c.ExecutionId.ToString("D")).ToArray()).With("fences", done.Select(c => c.Fence).ToArray())
            .With("outcomes", new[] { "Completed", "Completed" }).With("ended", new[] { 1L, 1L })
            .With("steps", new string?[] { null, null }).With("errors", new string?[] { null, null }).With("default", FlowContext.DefaultInstanceId));

        // A bitmap scan of the primary key counts each message twice: its version from before the claim is still indexed.
        Assert.All(rows, r => Assert.True(r.Rows <= 4, $"{r.Node} read {r.Rows} rows to finish 2 of {Backlog} claimed messages."));
    }

    [Fact]
    public async Task Recording_outcomes_with_a_plan_made_while_the_table_was_empty_reads_only_the_messages_it_finishes()
    {
        // The store's statements are prepared: a connection keeps the plan its first calls made, on a new (or just
        // vacuumed) queue with next to nothing in it, while the table fills up. Here without enable_seqscan = off.
        await Store.InitializeAsync();
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        var positional = PostgresFlowStore.CompleteAllSql.Replace("@ids", "$1", StringComparison.Ordinal).Replace("@fences", "$2", StringComparison.Ordinal)
            .Replace("@outcomes", "$3", StringComparison.Ordinal).Replace("@ended", "$4", StringComparison.Ordinal).Replace("@steps", "$5", StringComparison.Ordinal)
            .Replace("@errors", "$6", StringComparison.Ordinal).Replace("@default", "$7", StringComparison.Ordinal);
        await using (var prepare = new NpgsqlCommand(
            $"SET plan_cache_mode = force_generic_plan; PREPARE complete(text[], bigint[], text[], bigint[], text[], text[], text) AS {positional}; " +
            "EXPLAIN EXECUTE complete('{none}', '{1}', '{Completed}', '{1}', '{NULL}', '{NULL}', 'default')", connection))
        {
            await prepare.ExecuteNonQueryAsync();
        }

        var done = await ClaimBacklogAsync(2);
        var ids = string.Join(',', done.Select(c => c.ExecutionId.ToString("D")));
        var fences = string.Join(',', done.Select(c => c.Fence));
        await using var explain = new NpgsqlCommand(
            $"EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE complete('{{{ids}}}', '{{{fences}}}', '{{Completed,Completed}}', '{{1,1}}', '{{NULL,NULL}}', '{{NULL,NULL}}', '{FlowContext.DefaultInstanceId}')",
            connection);
        using var plan = JsonDocument.Parse((string)(await explain.ExecuteScalarAsync())!);
        var rows = new List<(string Node, long Rows)>();
        Collect(plan.RootElement[0].GetProperty("Plan"), rows);

        // The primary key, where each message is indexed twice (its version from before the claim is still there).
        Assert.Contains(rows, r => r.Node.EndsWith("flowsdk_messages_pkey", StringComparison.Ordinal));
        Assert.All(rows, r => Assert.True(r.Rows <= 4, $"{r.Node} read {r.Rows} rows to finish 2 of {Backlog} claimed messages."));
    }

    [Theory]
    [InlineData(nameof(SqlFlowStore.CompleteSql))]
    [InlineData(nameof(SqlFlowStore.ReleaseSql))]
    public async Task Finishing_or_releasing_one_message_reads_that_message_not_every_claimed_one(string statement)
    {
        var done = Assert.Single(await ClaimBacklogAsync(1));

        var sql = statement == nameof(SqlFlowStore.CompleteSql) ? SqlFlowStore.CompleteSql : SqlFlowStore.ReleaseSql;
        var rows = await ScannedRowsAsync(sql, command => command.Parameters.With("id", done.ExecutionId.ToString("D")).With("fence", done.Fence));

        Assert.All(rows, r => Assert.True(r.Rows <= 1, $"{r.Node} read {r.Rows} rows to finish 1 of {Backlog} claimed messages."));
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    public async Task An_older_database_trades_its_indexes_of_claimed_messages_for_the_one_keyed_on_the_holder(int version)
    {
        await Store.InitializeAsync();
        await ExecuteSqlAsync("DROP INDEX ix_flowsdk_messages_held");
        if (version == 4)
        {
            await ExecuteSqlAsync("CREATE INDEX ix_flowsdk_messages_lease ON flowsdk_messages (flow_name, state, lease_until)");
            await ExecuteSqlAsync("CREATE INDEX ix_flowsdk_messages_node ON flowsdk_messages (claimed_by)");
        }
        else
        {
            await ExecuteSqlAsync("CREATE INDEX ix_flowsdk_messages_claimed ON flowsdk_messages (claimed_by, flow_name, lease_until) WHERE state = 1");
        }

        await ExecuteSqlAsync($"UPDATE flowsdk_schema_version SET version = {version}");

        await CreateStore().InitializeAsync();

        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND indexname LIKE 'ix_flowsdk_messages_%' ORDER BY 1", connection);
        var indexes = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                indexes.Add(reader.GetString(0));
            }
        }

        Assert.Equal(["ix_flowsdk_messages_claim", "ix_flowsdk_messages_held", "ix_flowsdk_messages_instance"], indexes);
    }

    /// <summary>A backlog of waiting messages of ten instances, acme's among them, with a few claimed, in a table never analysed.</summary>
    private async Task FillBacklogAsync()
    {
        foreach (var chunk in Enumerable.Range(0, Backlog).Chunk(50))
        {
            await Task.WhenAll(chunk.Select(i => Store.AcceptAsync(Message(instance: i % 10 == 0 ? "acme" : $"t-{i % 10}")).AsTask()));
        }

        Assert.Equal(5, (await Store.ClaimAsync(Claim(5))).Count);
    }

    /// <summary>
    /// The whole backlog claimed, the partial index of claimed messages holding every one of them, in a table never
    /// analysed; returns <paramref name="count"/> of the claims.
    /// </summary>
    private async Task<IReadOnlyList<ClaimedMessage>> ClaimBacklogAsync(int count)
    {
        await FillBacklogAsync();
        var claimed = await Store.ClaimAsync(Claim(Backlog));
        Assert.Equal(Backlog - 5, claimed.Count);
        return [.. claimed.Take(count)];
    }

    /// <summary>Runs <paramref name="sql"/> under EXPLAIN ANALYZE, as a generic plan like a prepared statement's, and returns the rows each scan read.</summary>
    private async Task<List<(string Node, long Rows)>> ScannedRowsAsync(string sql, Action<NpgsqlCommand> bind)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        // A table of a few hundred rows is rightly read whole; these tests stand for a queue of many, so the planner
        // is kept to its indexes, and which index it takes, and how much of it, is what they check.
        await using (var generic = new NpgsqlCommand("SET plan_cache_mode = force_generic_plan; SET enable_seqscan = off", connection))
        {
            await generic.ExecuteNonQueryAsync();
        }

        await using var command = new NpgsqlCommand("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, connection);
        bind(command);
        using var plan = JsonDocument.Parse((string)(await command.ExecuteScalarAsync())!);
        var scans = new List<(string, long)>();
        Collect(plan.RootElement[0].GetProperty("Plan"), scans);
        Assert.NotEmpty(scans);
        return scans;
    }

    private static void Collect(JsonElement node, List<(string Node, long Rows)> scans)
    {
        var type = node.GetProperty("Node Type").GetString()!;
        if (type.Contains("Scan", StringComparison.Ordinal) && (node.TryGetProperty("Index Name", out var read) || (type == "Seq Scan" && node.TryGetProperty("Relation Name", out read))))
        {
            // What a scan read: the rows it returned and those its filter removed.
            var rows = node.GetProperty("Actual Rows").GetInt64() + (node.TryGetProperty("Rows Removed by Filter", out var removed) ? removed.GetInt64() : 0);
            scans.Add(($"{type} on {read.GetString()}", rows * node.GetProperty("Actual Loops").GetInt64()));
        }

        if (node.TryGetProperty("Plans", out var children))
        {
            foreach (var child in children.EnumerateArray())
            {
                Collect(child, scans);
            }
        }
    }
}

file static class ParameterExtensions
{
    public static NpgsqlParameterCollection With(this NpgsqlParameterCollection parameters, string name, object value)
    {
        parameters.AddWithValue(name, value);
        return parameters;
    }
}
