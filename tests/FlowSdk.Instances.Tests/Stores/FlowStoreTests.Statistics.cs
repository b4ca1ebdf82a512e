using FlowSdk.Instances;
using Xunit;

namespace FlowSdk.Instances.Tests;

/// <summary>The dashboard overview's counts (GetStatisticsAsync): both engines must pass these.</summary>
public abstract partial class FlowStoreTests
{
    private static readonly DateTimeOffset CountedAt = DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_000);

    private static ExecutionRecord Counted(string flow, int minutes, ExecutionOutcome outcome) => new()
    {
        ExecutionId = Guid.NewGuid(), InstanceId = "acme", FlowName = flow, Trigger = "channel", StartedAt = CountedAt.AddMinutes(minutes),
        EndedAt = CountedAt.AddMinutes(minutes).AddSeconds(1), Outcome = outcome, FailedStep = outcome == ExecutionOutcome.Failed ? "Push" : null,
    };

    private static string[] Describe(ExecutionStatistics statistics) =>
        [.. statistics.Buckets.Select(b => $"{b.FlowName} {(b.BucketStart - CountedAt).TotalMinutes} {b.Outcome} {b.Count}").Order(StringComparer.Ordinal)];

    [Fact]
    public async Task Statistics_count_executions_per_flow_bucket_and_outcome_within_the_window()
    {
        await Store.RecordAsync(Counted("orders", 1, ExecutionOutcome.Completed));
        await Store.RecordAsync(Counted("orders", 59, ExecutionOutcome.Completed));
        await Store.RecordAsync(Counted("orders", 61, ExecutionOutcome.Failed));
        await Store.RecordAsync(Counted("invoices", 10, ExecutionOutcome.Filtered));
        await Store.RecordAsync(Counted("orders", -1, ExecutionOutcome.Completed)); // before the window
        await Store.RecordAsync(Counted("orders", 120, ExecutionOutcome.Completed)); // at its end, excluded

        var statistics = await Store.GetStatisticsAsync(CountedAt, CountedAt.AddHours(2), TimeSpan.FromHours(1));

        Assert.Equal(["invoices 0 Filtered 1", "orders 0 Completed 2", "orders 60 Failed 1"], Describe(statistics));
    }
}
