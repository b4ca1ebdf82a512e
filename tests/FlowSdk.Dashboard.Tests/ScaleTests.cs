using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace FlowSdk.Dashboard.Tests;

/// <summary>
/// The dashboard's lists against 10,000 instances and 1,000,000 history rows on SQLite: every list is paged on the
/// server, and each page comes from an index. Prints the median of five calls per query (docs/dashboard.md).
/// </summary>
public sealed class ScaleTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Instances = 10_000;
    private const int Executions = 1_000_000;
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private DashboardHost _host = null!;

    public async Task InitializeAsync() => _host = await DashboardHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Lists_answer_fast_with_ten_thousand_instances_and_a_million_history_rows()
    {
        await _host.DeployAsync("tenant-00000", Secret);
        var seeding = Stopwatch.StartNew();
        await SeedAsync();
        output.WriteLine($"seeded {Instances:N0} instances and {Executions:N0} executions in {seeding.Elapsed.TotalSeconds:F1} s");

        using var client = _host.Client(DashboardHost.ReaderKey);
        var deep = JsonDocument.Parse(await client.GetStringAsync("/manage/executions?flow=order-push&limit=1&to=" +
            Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(-15).ToString("O", CultureInfo.InvariantCulture)))).RootElement;
        var (deepId, deepStarted) = (deep[0].GetProperty("executionId").GetString(), deep[0].GetProperty("startedAt").GetDateTimeOffset());
        Assert.True(deepStarted < DateTimeOffset.UtcNow.AddDays(-14));

        (string Name, string Path, int Expected)[] queries =
        [
            ("instances, first page", "/manage/instances?limit=50", 50),
            ("instances, page after tenant-05000", "/manage/instances?after=tenant-05000&limit=50", 50),
            ("instances, disabled of a flow", "/manage/instances?flow=order-push&enabled=false&limit=50", 50),
            ("instances, search (scans the table)", "/manage/instances?search=customer%209999&limit=50", 1),
            ("executions, first page", "/manage/executions?limit=50", 50),
            ("executions, one instance", "/manage/executions?instance=tenant-04242&limit=50", 50),
            ("executions, failed", "/manage/executions?outcome=Failed&limit=50", 50),
            ("executions, page 15 days back (before=)", $"/manage/executions?flow=order-push&before={deepId}&limit=50", 50),
            ("executions, an outcome with no match", "/manage/executions?outcome=Canceled&limit=50", 0),
            ("overview, last 24 h", "/manage/ui/api/stats?hours=24", 1),
            ("overview, last 7 days", "/manage/ui/api/stats?hours=168", 1),
        ];

        var slow = new List<string>();
        foreach (var (name, path, expected) in queries)
        {
            var count = Count(await client.GetStringAsync(path));
            Assert.True(count == expected, $"{name}: {count} items, expected {expected}");
            var times = new List<double>();
            for (var i = 0; i < 5; i++)
            {
                var watch = Stopwatch.StartNew();
                using var response = await client.GetAsync(path);
                response.EnsureSuccessStatusCode();
                await response.Content.ReadAsByteArrayAsync();
                times.Add(watch.Elapsed.TotalMilliseconds);
            }

            var median = times.Order().ElementAt(2);
            output.WriteLine($"| {name} | `{path}` | {median:F1} ms |");
            // The overview counts every row of its window (about 300,000 for 7 days here); a list reads one page.
            if (median > (path.Contains("/ui/api/stats", StringComparison.Ordinal) ? 5_000 : 2_000))
            {
                slow.Add($"{name}: {median:F0} ms");
            }
        }

        // Generous bounds for a shared, loaded machine: a list that walks the whole history costs far more on a million rows.
        Assert.Empty(slow);
    }

    private static int Count(string json)
    {
        var root = JsonDocument.Parse(json).RootElement;
        return root.ValueKind == JsonValueKind.Array ? root.GetArrayLength() : root.GetProperty("flows").GetArrayLength();
    }

    // Copies the deployed instance's row (its encrypted secrets included) 9,999 times, then writes a million executions
    // spread over the last 23 days, 100 per instance, 2% failed and 2% filtered. One transaction each, straight into
    // the store's tables: the API would take hours to make this much history.
    private async Task SeedAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={_host.DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA busy_timeout = 60000";
            await pragma.ExecuteNonQueryAsync();
        }

        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"""
            INSERT INTO flowsdk_instances (id, flow_name, customer, enabled, configuration, configuration_type, secrets, schedule, created_at, updated_at, version, webhook_previous_until)
            SELECT printf('tenant-%05d', n), flow_name, 'Customer ' || n, CASE WHEN n % 10 = 0 THEN 0 ELSE 1 END, configuration, configuration_type, secrets, schedule, created_at, updated_at, version, webhook_previous_until
            FROM flowsdk_instances, (WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < {Instances - 1}) SELECT n FROM c)
            WHERE id = 'tenant-00000';

            INSERT INTO flowsdk_executions (execution_id, instance_id, flow_name, trigger_kind, started_at, ended_at, outcome, failed_step, error, deliveries, instance_deleted)
            SELECT printf('%08x-0000-4000-8000-%012x', n, n), printf('tenant-%05d', n % {Instances}), 'order-push', 'webhook',
                   {now} - n * 2000, {now} - n * 2000 + 40,
                   CASE n % 50 WHEN 0 THEN 'Failed' WHEN 1 THEN 'Filtered' ELSE 'Completed' END,
                   CASE n % 50 WHEN 0 THEN 'Push' END,
                   CASE n % 50 WHEN 0 THEN 'System.InvalidOperationException: The shop refused the order' END,
                   1, 0
            FROM (WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < {Executions}) SELECT n FROM c);
            """;
        command.CommandTimeout = 600;
        await command.ExecuteNonQueryAsync();
        await transaction.CommitAsync();
    }
}
