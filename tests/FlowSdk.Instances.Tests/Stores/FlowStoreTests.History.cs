using FlowSdk.Instances;
using Xunit;

namespace FlowSdk.Instances.Tests;

/// <summary>The history's delivery count and the upgrade of a database created before it: both engines must pass these.</summary>
public abstract partial class FlowStoreTests
{
    [Fact]
    public async Task Recording_keeps_the_highest_delivery_count_and_works_without_a_stored_message()
    {
        var id = Guid.NewGuid();
        var at = DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_000);
        ExecutionRecord Record(int deliveries, ExecutionOutcome outcome) => new()
        {
            ExecutionId = id, InstanceId = "acme", FlowName = "customer-sync", Trigger = "webhook", StartedAt = at, Outcome = outcome, Deliveries = deliveries,
        };

        await Store.RecordAsync(new ExecutionRecord { ExecutionId = id, InstanceId = "acme", FlowName = "customer-sync", Trigger = "webhook", StartedAt = at });
        Assert.Equal(1, (await Store.GetExecutionAsync(id))!.Deliveries);
        await Store.RecordAsync(Record(3, ExecutionOutcome.Running));
        await Store.RecordAsync(Record(2, ExecutionOutcome.Completed));

        var read = await Store.GetExecutionAsync(id);
        Assert.Equal(3, read!.Deliveries);
        Assert.Equal(ExecutionOutcome.Completed, read.Outcome);
    }

    [Fact]
    public async Task Several_executions_recorded_at_once_are_all_kept_and_a_start_then_its_end_ends_as_the_end()
    {
        var at = DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_000);
        var ids = Enumerable.Range(0, 300).Select(_ => Guid.NewGuid()).ToArray();
        ExecutionRecord Record(Guid id, ExecutionOutcome outcome) => new()
        {
            ExecutionId = id, InstanceId = "acme", FlowName = "customer-sync", Trigger = "webhook", StartedAt = at, Outcome = outcome,
            EndedAt = outcome == ExecutionOutcome.Running ? null : at.AddSeconds(1),
        };

        // The first execution's start and end in one write, as a history writer that drained both hands them over.
        await Store.RecordAsync([Record(ids[0], ExecutionOutcome.Running), .. ids.Select(id => Record(id, ExecutionOutcome.Completed))]);

        var page = await Store.QueryAsync(new ExecutionQuery { InstanceId = "acme", Limit = 500 });
        Assert.Equal(ids.Order(), page.Select(r => r.ExecutionId).Order());
        Assert.All(page, r => Assert.Equal(ExecutionOutcome.Completed, r.Outcome));
        await Store.RecordAsync(Array.Empty<ExecutionRecord>());
    }

    [Fact]
    public async Task Initialize_adds_the_deliveries_column_to_an_existing_history_table()
    {
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
                error TEXT NULL)
            """);
        var old = Guid.NewGuid();
        await ExecuteSqlAsync($"""
            INSERT INTO flowsdk_executions (execution_id, instance_id, flow_name, trigger_kind, started_at, outcome)
            VALUES ('{old:D}', 'acme', 'customer-sync', 'webhook', 1800000000000, 'Completed')
            """);

        await Store.InitializeAsync();
        await CreateStore().InitializeAsync(); // a second node finds the column there

        var read = await Store.GetExecutionAsync(old);
        Assert.Equal(ExecutionOutcome.Completed, read!.Outcome);
        Assert.Equal(1, read.Deliveries);
        await Store.RecordAsync(new ExecutionRecord
        {
            ExecutionId = old, InstanceId = "acme", FlowName = "customer-sync", Trigger = "webhook",
            StartedAt = DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_000), Outcome = ExecutionOutcome.Completed, Deliveries = 2,
        });
        Assert.Equal(2, (await Store.GetExecutionAsync(old))!.Deliveries);
    }
}
