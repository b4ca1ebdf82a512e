using Xunit.Abstractions;

namespace FlowSdk.Durability.Tests;

/// <summary>Two workers on one PostgreSQL database; one is killed with SIGKILL while both take webhooks.</summary>
public sealed class PostgresFailoverTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(2);

    /// <summary>What "a few seconds" after the lease allows: the survivor's poll, its claim, the job's work, a loaded machine.</summary>
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task The_survivor_runs_every_job_the_killed_node_accepted_within_the_lease_and_a_few_seconds()
    {
        await using var schema = await PostgresSchema.CreateAsync();
        await using var run = new TestRun(output, "postgres-failover");
        var spec = new WorkerSpec
        {
            NodeId = "pg-a",
            Postgres = schema.ConnectionString,
            Lease = Lease,
            StepDelay = TimeSpan.FromMilliseconds(50),
            JobConcurrency = 4,
            Journal = run.Journal,
        };
        var a = await run.StartAsync(spec);
        var b = await run.StartAsync(spec.As("pg-b"));

        // Odd requests to A, even ones to B; once A is dead, everything to B.
        await using var load = new WebhookLoad(seq => seq % 2 == 1 && !a.HasExited ? a : b, perSecond: 100, maxInFlight: 16);
        load.Start();
        await Poll.UntilAsync(() => load.AcceptedBy(a.NodeId) >= 60, TimeSpan.FromSeconds(60), "60 jobs accepted by A", run.Tails);
        a.Kill();
        var killedAt = a.KilledAt!.Value;
        await a.WaitForExitAsync(TimeSpan.FromSeconds(30));
        run.Log($"killed {a.NodeId}; accepted so far: A {load.AcceptedBy(a.NodeId)}, B {load.AcceptedBy(b.NodeId)}");

        var acceptedByBAtKill = load.AcceptedBy(b.NodeId);
        await Poll.UntilAsync(() => load.AcceptedBy(b.NodeId) >= acceptedByBAtKill + 40, TimeSpan.FromSeconds(60), "40 more jobs accepted by B", run.Tails);
        await load.StopAsync();

        var answers = load.Answers.Where(x => x.Accepted).ToList();
        var acceptedByA = answers.Where(x => x.Node == a.NodeId).Select(x => x.ExecutionId!.Value).ToHashSet();
        var accepted = answers.Select(x => x.ExecutionId!.Value).ToHashSet();
        await Poll.TryUntilAsync(() => accepted.IsSubsetOf(run.Journal.Read(WorkerKeys.Lines.Job).Select(l => l.ExecutionId)), Lease + TimeSpan.FromSeconds(30));

        var lines = run.Journal.Read(WorkerKeys.Lines.Job);
        var firstRun = lines.GroupBy(l => l.ExecutionId).ToDictionary(g => g.Key, g => g.Min(l => l.At));
        var lost = accepted.Count(id => !firstRun.ContainsKey(id));

        // A's jobs not done when it died: what B had to take over. Recovery ends when the last of them ran.
        var pendingAtKill = acceptedByA.Where(id => !lines.Any(l => l.ExecutionId == id && l.Node == a.NodeId && l.At <= killedAt)).ToList();
        var recoveredAt = pendingAtKill.Select(id => firstRun.TryGetValue(id, out var at) ? at : (DateTimeOffset?)null).ToList();
        var recovery = recoveredAt.Count > 0 && recoveredAt.All(t => t is not null) ? recoveredAt.Max()!.Value - killedAt : (TimeSpan?)null;
        var duplicates = lines.GroupBy(l => l.ExecutionId).Sum(g => g.Count() - 1);
        run.Report(new
        {
            test = run.Name,
            store = "postgres",
            nodes = 2,
            leaseSeconds = Lease.TotalSeconds,
            accepted = accepted.Count,
            acceptedByKilledNode = acceptedByA.Count,
            pendingOnKilledNodeAtKill = pendingAtKill.Count,
            lost,
            lostOfKilledNode = acceptedByA.Count(id => !firstRun.ContainsKey(id)),
            duplicates,
            recoverySeconds = recovery?.TotalSeconds,
            takenOverBySurvivor = lines.Count(l => l.Node == b.NodeId && acceptedByA.Contains(l.ExecutionId)),
        });

        Assert.True(lost == 0, $"{lost} of {accepted.Count} accepted jobs never ran ({acceptedByA.Count(id => !firstRun.ContainsKey(id))} of them accepted by the killed node).\n{run.Tails()}");
        Assert.NotEmpty(pendingAtKill); // else the kill proved nothing: A had finished all its work

        // Only what A held claimed (at most twice its concurrency, see SqliteKillTests) can have run twice.
        Assert.InRange(duplicates, 0, 2 * spec.JobConcurrency);
        Assert.True(recovery <= Lease + Slack, $"The last of the killed node's jobs ran {recovery?.TotalSeconds:0.0} s after the kill; the lease is {Lease.TotalSeconds} s.");
    }
}
