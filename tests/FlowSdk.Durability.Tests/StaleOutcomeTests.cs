using System.Text.Json;
using Xunit.Abstractions;

namespace FlowSdk.Durability.Tests;

/// <summary>A node frozen (SIGSTOP) past its lease while it runs a message, on two PostgreSQL workers.</summary>
public sealed class StaleOutcomeTests(ITestOutputHelper output)
{
    private const string Instance = "slow";
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task A_node_paused_past_its_lease_cannot_record_its_late_outcome_over_the_node_that_took_over()
    {
        await using var schema = await PostgresSchema.CreateAsync();
        await using var run = new TestRun(output, "stale-outcome");
        var spec = new WorkerSpec { NodeId = "stale-a", Postgres = schema.ConnectionString, Lease = Lease, Journal = run.Journal };
        var a = await run.StartAsync(spec);
        var b = await run.StartAsync(spec.As("stale-b"));
        using var apiA = new WorkerApi(a);
        await apiA.DeployAsync(Instance, WorkerKeys.InstanceJobFlow);

        // A job that works 1.5 s, published to A (once A's catalog has read the deployment).
        Guid? published = null;
        await Poll.UntilAsync(async () => (published = await apiA.PublishAsync(Instance, "slow", 1500)) is not null, TimeSpan.FromSeconds(30), "the instance to take a job on A", run.Tails);
        var id = published!.Value;

        // Freeze whichever node started it, in the middle of its work.
        await Poll.UntilAsync(() => Lines(run, WorkerKeys.Lines.Begin, id).Count > 0, TimeSpan.FromSeconds(30), "the job to start", run.Tails);
        var (paused, other) = Lines(run, WorkerKeys.Lines.Begin, id)[0].Node == a.NodeId ? (a, b) : (b, a);
        await paused.PauseAsync();
        var pausedAt = DateTimeOffset.UtcNow;
        run.Log($"paused {paused.NodeId} while it ran {id}");
        try
        {
            // The other node claims it once the lease lapsed, runs it (delivery 2) and records the outcome.
            await Poll.UntilAsync(() => Lines(run, WorkerKeys.Lines.Done, id).Any(l => l.Node == other.NodeId), Lease + TimeSpan.FromSeconds(20),
                $"{other.NodeId} to take over and run the job", run.Tails);
            using var otherApi = new WorkerApi(other);
            await Poll.UntilAsync(async () => (await otherApi.ExecutionsAsync(Instance)).Where(e => IsOf(e, id)).ToList() is [var e] && Outcome(e) == "Completed",
                TimeSpan.FromSeconds(20), "the history to show the execution completed", run.Tails);
        }
        finally
        {
            await paused.ResumeAsync();
        }

        var resumedAt = DateTimeOffset.UtcNow;

        // The frozen node wakes up, finishes its step (the work itself ran twice: at least once) and tries to record its
        // outcome under its old claim. The store refuses it and the node logs event 1031 for this execution (the
        // contract's "an outcome recorded under a lost claim is discarded (logged, event 1031)"); the history decides.
        await Poll.UntilAsync(() => Lines(run, WorkerKeys.Lines.Done, id).Any(l => l.Node == paused.NodeId), TimeSpan.FromSeconds(20), $"{paused.NodeId} to finish its late step", run.Tails);
        var idText = id.ToString("D");
        await Poll.UntilAsync(() => paused.Printed(line => line.Contains("[1031]", StringComparison.Ordinal) && line.Contains(idText, StringComparison.OrdinalIgnoreCase)),
            TimeSpan.FromSeconds(20), $"{paused.NodeId} to log its refused outcome of {id} (event 1031)", run.Tails);

        using var api = new WorkerApi(other);
        var history = (await api.ExecutionsAsync(Instance)).Where(e => IsOf(e, id)).ToList();
        run.Report(new
        {
            test = run.Name,
            store = "postgres",
            leaseSeconds = Lease.TotalSeconds,
            pausedNode = paused.NodeId,
            pausedSeconds = (DateTimeOffset.UtcNow - pausedAt).TotalSeconds,
            journal = run.Journal.Read().Where(l => l.Key == idText).OrderBy(l => l.At).Select(l => $"{l.Kind} {l.Delivery} {l.Node}"),
            history,
            pausedNodeSaid = paused.Tail(400).Split('\n').Where(l => l.Contains(idText, StringComparison.OrdinalIgnoreCase)),
        });

        var execution = Assert.Single(history);
        Assert.Equal("Completed", Outcome(execution));

        // The outcome is the one recorded before the paused node woke up: its own would have ended after that.
        Assert.True(execution.GetProperty("endedAt").GetDateTimeOffset() < resumedAt, $"The history shows an outcome recorded after the paused node resumed: {execution}");
        Assert.True(execution.TryGetProperty("deliveries", out var deliveries), $"The history has no deliveries count: {execution}");
        Assert.Equal(2, deliveries.GetInt32());
    }

    private static IReadOnlyList<JournalLine> Lines(TestRun run, string kind, Guid id) => [.. run.Journal.Read(kind).Where(l => l.ExecutionId == id)];

    private static bool IsOf(JsonElement execution, Guid id) => execution.GetProperty("executionId").GetGuid() == id;

    private static string? Outcome(JsonElement execution) => execution.GetProperty("outcome").GetString();
}
