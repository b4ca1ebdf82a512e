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
        // Kill A once it accepted 60 jobs and is in the middle of one: that one is claimed by A, so only the lapse of
        // A's lease lets B take it over.
        await Poll.UntilAsync(() => load.AcceptedBy(a.NodeId) >= 60 && run.Journal.RunningOn(a.NodeId).Count > 0, TimeSpan.FromSeconds(60), "A to accept 60 jobs and run one", run.Tails);
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
        var ranOn = lines.GroupBy(l => l.ExecutionId).ToDictionary(g => g.Key, g => g.Select(l => l.Node).ToHashSet());
        var lost = accepted.Count(id => !ranOn.ContainsKey(id));

        // What B had to take over when A died (a dead process writes no more lines): the jobs A accepted and had not
        // done, and the jobs A was running, whoever accepted them (nodes claim each other's messages); those B can claim
        // only once A's lease lapsed. Recovery ends when the last of them ran on B.
        var pendingAtKill = acceptedByA.Where(id => !(ranOn.TryGetValue(id, out var nodes) && nodes.Contains(a.NodeId))).ToList();
        var runningAtKill = run.Journal.RunningOn(a.NodeId);
        DateTimeOffset? RanOnB(Guid id) => lines.Where(l => l.ExecutionId == id && l.Node == b.NodeId).Min(l => (DateTimeOffset?)l.At);
        TimeSpan? RecoveryOf(IReadOnlyCollection<Guid> ids) =>
            ids.Count > 0 && ids.All(id => RanOnB(id) is not null) ? ids.Max(id => RanOnB(id)!.Value) - killedAt : null;
        var recovery = RecoveryOf([.. pendingAtKill.Union(runningAtKill)]);
        var duplicates = lines.GroupBy(l => l.ExecutionId).Sum(g => g.Count() - 1);
        var staleOutcomes = run.StaleOutcomes();
        run.Report(new
        {
            test = run.Name,
            store = "postgres",
            nodes = 2,
            leaseSeconds = Lease.TotalSeconds,
            accepted = accepted.Count,
            acceptedByKilledNode = acceptedByA.Count,
            pendingOnKilledNodeAtKill = pendingAtKill.Count,
            runningOnKilledNodeAtKill = runningAtKill.Count,
            lost,
            lostOfKilledNode = acceptedByA.Count(id => !ranOn.ContainsKey(id)),
            duplicates,
            staleOutcomes,
            recoverySeconds = recovery?.TotalSeconds,
            pendingRecoverySeconds = RecoveryOf(pendingAtKill)?.TotalSeconds,
            runningRecoverySeconds = RecoveryOf(runningAtKill)?.TotalSeconds,
            takenOverBySurvivor = pendingAtKill.Union(runningAtKill).Count(),
        });

        Assert.True(lost == 0, $"{lost} of {accepted.Count} accepted jobs never ran ({acceptedByA.Count(id => !ranOn.ContainsKey(id))} of them accepted by the killed node).\n{run.Tails()}");
        Assert.NotEmpty(runningAtKill); // A died in the middle of a job (the kill waited for one)

        // Only what A held claimed (at most twice its concurrency) can have run twice, plus one per refused late outcome
        // of a live node (see SqliteKillTests).
        Assert.InRange(duplicates, 0, (2 * spec.JobConcurrency) + staleOutcomes);
        Assert.True(recovery <= Lease + Slack, $"The last of the killed node's jobs ran {recovery?.TotalSeconds:0.0} s after the kill; the lease is {Lease.TotalSeconds} s.");
    }

}
