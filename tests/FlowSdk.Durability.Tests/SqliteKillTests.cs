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
        var runningAtKills = 0;
        for (var life = 1; life <= Kills; life++)
        {
            // Each kill comes once this life accepted its share and while a job is running, so it lands mid-job.
            var acceptedBefore = load.Accepted;
            await Poll.UntilAsync(() => load.Accepted >= acceptedBefore + AcceptedPerLife && run.Journal.RunningOn(worker.NodeId).Count > 0, TimeSpan.FromSeconds(60),
                $"{AcceptedPerLife} jobs accepted by {worker.NodeId} and one running", run.Tails);
            worker.Kill();
            await worker.WaitForExitAsync(TimeSpan.FromSeconds(30));
            var running = run.Journal.RunningOn(worker.NodeId).Count;
            runningAtKills += running;
            run.Log($"killed {worker.NodeId} running {running} jobs, with {load.Accepted} accepted so far");

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
        var staleOutcomes = run.StaleOutcomes();
        run.Report(new
        {
            test = run.Name,
            store = "sqlite",
            kills = Kills,
            runningAtKills,
            accepted = accepted.Count,
            lost,
            duplicates,
            staleOutcomes,
            redelivered = lines.Count(l => l.Delivery > 1),
            unacknowledged,
            refusedOrUnanswered = load.Answers.Count(a => !a.Accepted),
        });

        Assert.True(lost == 0, $"{lost} of {accepted.Count} accepted jobs never ran.\n{run.Tails()}");

        // A job runs again only if the process that ran it did not record its outcome. A killed process held at most
        // twice JobConcurrency messages claimed and not yet recorded (StoreMessageQueue claims up to that; outcomes are
        // written in batches), and of those only the ones whose step had finished show up twice: at most
        // 2 x JobConcurrency per kill. A live process that stalled past its lease (a loaded machine) has its late outcome
        // refused and logs event 1031 for it: each of those may add one more.
        Assert.InRange(duplicates, 0, (Kills * 2 * JobConcurrency) + staleOutcomes);
    }
}
