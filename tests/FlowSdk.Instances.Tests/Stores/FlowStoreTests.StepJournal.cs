using System.Text.Json;
using FlowSdk.Instances;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace FlowSdk.Instances.Tests;

/// <summary>The step journal on the history row (schema version 4): both engines must pass these.</summary>
public abstract partial class FlowStoreTests
{
    private static readonly DateTimeOffset JournalAt = DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_000);

    private static ExecutionStep[] Journal() =>
    [
        new() { Index = 0, Name = "Lines", Kind = "Split", StartedAt = JournalAt, DurationMs = 1.25, Outcome = "Completed", Calls = 1, Items = new() { Completed = 2, Filtered = 1, Failed = 1 }, Payload = """{"lines":[1,0,13,2]}""" },
        new() { Index = 1, Name = "NotZero", Kind = "Filter", StartedAt = JournalAt.AddMilliseconds(2), DurationMs = 0.5, Outcome = "Filtered", Calls = 4, Payload = "1" },
        new() { Index = 2, Name = "Check", Kind = "Step", StartedAt = JournalAt.AddMilliseconds(3), DurationMs = 7, Outcome = "Failed", Calls = 3, Error = "System.InvalidOperationException: no", Payload = "\"é…", PayloadTruncated = true },
    ];

    private static ExecutionRecord Journaled(Guid id, IReadOnlyList<ExecutionStep>? steps, DateTimeOffset? at = null, ExecutionOutcome outcome = ExecutionOutcome.Failed) => new()
    {
        ExecutionId = id, InstanceId = "acme", FlowName = "customer-sync", Trigger = "channel", StartedAt = at ?? JournalAt, EndedAt = (at ?? JournalAt).AddSeconds(1),
        Outcome = outcome, FailedStep = "Check", Steps = steps,
    };

    [Fact]
    public async Task An_execution_is_read_back_with_its_journal_by_id_and_without_it_in_queries()
    {
        var id = Guid.NewGuid();
        var plain = Guid.NewGuid();
        await Store.RecordAsync(Journaled(id, Journal()));
        await Store.RecordAsync(Journaled(plain, null, outcome: ExecutionOutcome.Completed));

        var read = await Store.GetExecutionAsync(id);

        Assert.Equal(JsonSerializer.Serialize(Journal()), JsonSerializer.Serialize(read!.Steps));
        Assert.Null((await Store.GetExecutionAsync(plain))!.Steps);
        Assert.All(await Store.QueryAsync(new ExecutionQuery { InstanceId = "acme" }), r => Assert.Null(r.Steps));
    }

    [Fact]
    public async Task Recording_an_execution_again_without_a_journal_keeps_the_one_it_has()
    {
        var id = Guid.NewGuid();
        await Store.RecordAsync(Journaled(id, Journal()));

        await Store.RecordAsync(Journaled(id, null, outcome: ExecutionOutcome.Completed));

        var read = await Store.GetExecutionAsync(id);
        Assert.Equal(ExecutionOutcome.Completed, read!.Outcome);
        Assert.Equal(3, read.Steps!.Count);
    }

    [Fact]
    public async Task A_journal_goes_with_its_execution_when_the_history_is_pruned()
    {
        var clock = new FakeTimeProvider(JournalAt);
        var store = CreateStore(clock, new ExecutionHistoryOptions { MaxAge = TimeSpan.FromDays(1) });
        var old = Guid.NewGuid();
        var recent = Guid.NewGuid();
        await store.RecordAsync(Journaled(old, Journal()));
        clock.Advance(TimeSpan.FromDays(2));
        await store.RecordAsync(Journaled(recent, Journal(), clock.GetUtcNow()));

        Assert.Equal(1, await store.PruneAsync());

        Assert.Null(await store.GetExecutionAsync(old));
        Assert.Equal(3, (await store.GetExecutionAsync(recent))!.Steps!.Count);
    }

    [Fact]
    public async Task Initialize_upgrades_a_version_3_database_with_the_journal_column()
    {
        await ExecuteSqlAsync("CREATE TABLE flowsdk_schema_version (id INTEGER PRIMARY KEY, version INTEGER NOT NULL)");
        await ExecuteSqlAsync("INSERT INTO flowsdk_schema_version (id, version) VALUES (1, 3)");
        await ExecuteSqlAsync("""
            CREATE TABLE flowsdk_executions (
                execution_id TEXT PRIMARY KEY,
                instance_id TEXT NOT NULL,
                flow_name TEXT NOT NULL,
                trigger_kind TEXT NOT NULL,
                started_at BIGINT NOT NULL,
                ended_at BIGINT NULL,
                outcome TEXT NOT NULL,
                failed_step TEXT NULL,
                error TEXT NULL,
                deliveries INTEGER NOT NULL DEFAULT 1,
                instance_deleted INTEGER NOT NULL DEFAULT 0)
            """);
        var old = Guid.NewGuid();
        await ExecuteSqlAsync($"""
            INSERT INTO flowsdk_executions (execution_id, instance_id, flow_name, trigger_kind, started_at, outcome)
            VALUES ('{old:D}', 'acme', 'customer-sync', 'webhook', 1800000000000, 'Completed')
            """);

        await Store.InitializeAsync();
        await CreateStore().InitializeAsync(); // a second node finds the column there

        Assert.Null((await Store.GetExecutionAsync(old))!.Steps);
        var id = Guid.NewGuid();
        await Store.RecordAsync(Journaled(id, Journal()));
        Assert.Equal(3, (await Store.GetExecutionAsync(id))!.Steps!.Count);
    }
}
