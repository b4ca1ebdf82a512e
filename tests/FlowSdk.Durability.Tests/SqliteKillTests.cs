using Xunit.Abstractions;

namespace FlowSdk.Durability.Tests;

/// <summary>One worker on SQLite, killed with SIGKILL again and again while a client keeps posting webhooks.</summary>
public sealed class SqliteKillTests(ITestOutputHelper output)
{
    private const int Kills = 4;
    private const int JobConcurrency = 4;
    private const int AcceptedPerLife = 40;

    [Fact]
    public async Task Every_accepted_webhook_runs_although_the_worker_is_killed_mid_burst()
    {
        await using var run = new TestRun(output, "sqlite-kill");
        var spec = new WorkerSpec
        {
            NodeId = "sqlite-1",
            SqlitePath = run.SqlitePath,
            Lease = TimeSpan.FromSeconds(2),
            StepDelay = TimeSpan.FromMilliseconds(100),
            JobConcurrency = JobConcurrency,
            Journal = run.Journal,
        };
        var worker = await run.StartAsync(spec);

        // 60 requests a second against 40 a second of work (4 at once, 100 ms each): a backlog of accepted jobs builds
        // up, so every kill finds jobs running and jobs waiting.
        await using var load = new WebhookLoad(_ => Volatile.Read(ref worker), perSecond: 60, maxInFlight: 16);
        load.Start();
        for (var life = 1; life <= Kills; life++)
        {
            var acceptedBefore = load.Accepted;
            await Poll.UntilAsync(() => load.Accepted >= acceptedBefore + AcceptedPerLife, TimeSpan.FromSeconds(60),
                $"{AcceptedPerLife} jobs accepted by {worker.NodeId}", run.Tails);
            worker.Kill();
            await worker.WaitForExitAsync(TimeSpan.FromSeconds(30));
            run.Log($"killed {worker.NodeId} with {load.Accepted} accepted so far");

            // A restarted process is a new node: its own node id, so it reclaims its predecessor's leases, never renews them.
            Volatile.Write(ref worker, await run.StartAsync(spec.As($"sqlite-{life + 1}")));
        }

        var acceptedBeforeEnd = load.Accepted;
        await Poll.UntilAsync(() => load.Accepted >= acceptedBeforeEnd + AcceptedPerLife, TimeSpan.FromSeconds(60), "jobs accepted by the last worker", run.Tails);
        await load.StopAsync();

        var accepted = load.Answers.Where(a => a.Accepted).Select(a => a.ExecutionId!.Value).ToHashSet();
        Assert.Equal(load.Accepted, accepted.Count); // execution ids are unique per accepted request
        // Wait for the backlog to drain, then report whatever the journal holds: lost jobs are counted, not timed out on.
        await Poll.TryUntilAsync(() => accepted.IsSubsetOf(run.Journal.Read(WorkerKeys.Lines.Job).Select(l => l.ExecutionId)), TimeSpan.FromSeconds(30));

        var lines = run.Journal.Read(WorkerKeys.Lines.Job);
        var runs = lines.GroupBy(l => l.ExecutionId).ToDictionary(g => g.Key, g => g.Count());
        var lost = accepted.Count(id => !runs.ContainsKey(id));
        var duplicates = runs.Values.Sum(n => n - 1);
        var unacknowledged = runs.Keys.Count(id => !accepted.Contains(id));
        run.Report(new
        {
            test = run.Name,
            store = "sqlite",
            kills = Kills,
            accepted = accepted.Count,
            lost,
            duplicates,
            redelivered = lines.Count(l => l.Delivery > 1),
            unacknowledged,
            refusedOrUnanswered = load.Answers.Count(a => !a.Accepted),
        });

        Assert.True(lost == 0, $"{lost} of {accepted.Count} accepted jobs never ran.\n{run.Tails()}");

        // A job runs again only if the killed process held its claim: a node keeps at most twice MaxConcurrency messages
        // of a flow claimed and not yet recorded (StoreMessageQueue claims up to that, outcomes are written in batches),
        // and of those only the ones whose step had finished show up twice. So at most 2 x JobConcurrency per kill.
        Assert.InRange(duplicates, 0, Kills * 2 * JobConcurrency);
    }
}
