using System.Diagnostics;
using System.Globalization;
using FlowSdk.Hosting;
using FlowSdk.Storage.PostgreSql;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace FlowSdk.Durability.Benchmarks;

/// <summary>
/// What a message costs the PostgreSQL server, beside the times the benchmarks measure:
/// <c>diagnose [--batches 10] [--publishers 4] [--consumers 2]</c> runs batches of the benchmark's shape (or with other
/// numbers of publishers and consumers) through FlowSdk and Wolverine on the server of <c>FLOWSDK_POSTGRES</c> and reads
/// the server's own counters before and after (<c>pg_stat_wal</c>: the WAL flushes that make commits durable and the WAL
/// records written, for the whole server, so run it on a server nothing else uses; <c>pg_stat_database</c>: rows
/// written). Per message: accepted and completed per second, WAL flushes, WAL records, rows inserted, updated and
/// deleted; and for FlowSdk the batch sizes of its calls to the store.
/// </summary>
public static class StoreDiagnosis
{
    public static async Task<int> RunAsync(int batches, int publishers, int consumers, string? only = null)
    {
        var server = Environment.GetEnvironmentVariable(BenchHost.PostgresVariable);
        if (string.IsNullOrEmpty(server))
        {
            Console.Error.WriteLine($"{BenchHost.PostgresVariable} is not set; start a server with `source .ci/postgres.sh`.");
            return 2;
        }

        Console.WriteLine($"{batches} batches of {DurableQueueBenchmarks.Messages} messages from {publishers} publishers, {consumers} consumers; server: {await ServerSettingsAsync(server)}");
        Console.WriteLine("| case | accepted/s | completed/s | WAL flushes/msg | WAL records/msg | rows inserted/msg | updated/msg | deleted/msg |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        CountingMessageStore? counting = null;
        var storeLines = new List<string>();
        long[] storeBefore = [];
        foreach (var kind in new[] { QueueCase.Postgres, QueueCase.PostgresAsyncCommit, QueueCase.WolverinePostgres }.Where(k => only is null || k.ToString() == only))
        {
            await using var host = await BenchHost.StartCaseAsync(kind, consumers, services => services.AddSingleton<IFlowMessageStore>(sp =>
                counting = new CountingMessageStore(sp.GetRequiredService<PostgresFlowStore>())));

            // One batch to warm up (and to get past start-up writes), then quiet until the counters settle.
            await RunBatchAsync(host, publishers);
            await Task.Delay(TimeSpan.FromSeconds(2));
            var before = await ReadCountersAsync(server);
            storeBefore = counting?.Snapshot() ?? [];
            TimeSpan accepting = default, completing = default;
            for (var i = 0; i < batches; i++)
            {
                var (accepted, completed) = await RunBatchAsync(host, publishers);
                accepting += accepted;
                completing += completed;
            }

            // Outcomes written after the last step ran (batched) belong to these batches too.
            await Task.Delay(TimeSpan.FromSeconds(2));
            var after = await ReadCountersAsync(server);
            var storeAfter = kind != QueueCase.WolverinePostgres ? counting?.Snapshot() ?? [] : [];
            var messages = (double)batches * DurableQueueBenchmarks.Messages;
            string PerMessage(int index) => ((after[index] - before[index]) / messages).ToString("0.00", CultureInfo.InvariantCulture);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {kind} | {messages / accepting.TotalSeconds:N0} | {messages / completing.TotalSeconds:N0} | {PerMessage(1)} | {PerMessage(2)} | {PerMessage(3)} | {PerMessage(4)} | {PerMessage(5)} |"));
            if (storeAfter.Length > 0)
            {
                long Delta(int index) => storeAfter[index] - storeBefore[index];
                string Ratio(long count, long per) => per == 0 ? "-" : (count / (double)per).ToString("0.00", CultureInfo.InvariantCulture);
                storeLines.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{kind}: FlowSdk's calls to the store: {Delta(0)} accepts in {Delta(7)} transactions ({Ratio(Delta(0), Delta(7))} per transaction), {Delta(8)} of them stored claimed by this node; {Delta(1)} claims ({Delta(2)} found nothing), {Ratio(Delta(3), Delta(1) - Delta(2))} messages per claim that found some; {Delta(4)} outcome writes, {Ratio(Delta(5), Delta(4))} outcomes each; {Delta(6)} lease renewals."));
            }
        }

        Console.WriteLine();
        storeLines.ForEach(Console.WriteLine);

        return 0;
    }

    private static async Task<(TimeSpan Accepted, TimeSpan Completed)> RunBatchAsync(BenchHost host, int publishers)
    {
        var ran = host.Tally.Expect(DurableQueueBenchmarks.Messages);
        var start = Stopwatch.GetTimestamp();
        await host.PublishBatchAsync(DurableQueueBenchmarks.Messages, publishers);
        var accepted = Stopwatch.GetElapsedTime(start);
        await ran.WaitAsync(TimeSpan.FromMinutes(2));
        return (accepted, Stopwatch.GetElapsedTime(start));
    }

    /// <summary>Committed transactions (unused: it also counts statements outside a transaction), WAL flushes, WAL records, rows inserted, updated, deleted.</summary>
    private static async Task<long[]> ReadCountersAsync(string server)
    {
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            SELECT d.xact_commit, w.wal_sync, w.wal_records, d.tup_inserted, d.tup_updated, d.tup_deleted
            FROM pg_stat_database d, pg_stat_wal w WHERE d.datname = current_database()
            """,
            connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return [.. Enumerable.Range(0, 6).Select(reader.GetInt64)];
    }

    private static async Task<string> ServerSettingsAsync(string server)
    {
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT version(), current_setting('fsync'), current_setting('synchronous_commit')", connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return $"{reader.GetString(0).Split(" on ")[0]}, fsync={reader.GetString(1)}, synchronous_commit={reader.GetString(2)}";
    }
}
