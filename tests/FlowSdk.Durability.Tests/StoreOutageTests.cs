using System.Net;
using Xunit.Abstractions;

namespace FlowSdk.Durability.Tests;

/// <summary>The PostgreSQL server stopped and started again under load, on a cluster of the test's own.</summary>
public sealed class StoreOutageTests(ITestOutputHelper output)
{
    [Fact]
    public async Task While_the_store_is_down_webhooks_answer_503_and_after_it_returns_every_accepted_job_runs()
    {
        await using var postgres = await ThrowawayPostgres.StartAsync();
        await using var run = new TestRun(output, "store-outage");
        var worker = await run.StartAsync(new WorkerSpec
        {
            NodeId = "outage-1",
            Postgres = postgres.ConnectionString,
            Lease = TimeSpan.FromSeconds(2),
            StepDelay = TimeSpan.FromMilliseconds(50),
            Journal = run.Journal,
        });

        await using var load = new WebhookLoad(_ => worker, perSecond: 50, maxInFlight: 16);
        load.Start();
        await Poll.UntilAsync(() => load.Accepted >= 40, TimeSpan.FromSeconds(60), "40 jobs accepted", run.Tails);

        await postgres.StopAsync();
        var stoppedAt = DateTimeOffset.UtcNow;
        run.Log($"stopped PostgreSQL with {load.Accepted} accepted");

        // Requests keep coming while the store is down: wait until 40 were answered, then start it again.
        await Poll.UntilAsync(() => load.Answers.Count(x => x.SentAt > stoppedAt) >= 40, TimeSpan.FromSeconds(60), "40 answers while the store is down", run.Tails);
        var restartingAt = DateTimeOffset.UtcNow;
        await postgres.StartAgainAsync();
        var restartedAt = DateTimeOffset.UtcNow;
        run.Log($"started PostgreSQL again ({(restartedAt - restartingAt).TotalSeconds:0.0} s)");

        // The worker recovers by itself: requests sent after the restart are accepted again.
        await Poll.UntilAsync(() => load.Answers.Count(x => x.SentAt > restartedAt && x.Accepted) >= 40, TimeSpan.FromSeconds(60), "40 jobs accepted after the restart", run.Tails);
        await load.StopAsync();

        var answers = load.Answers;
        var accepted = answers.Where(x => x.Accepted).Select(x => x.ExecutionId!.Value).ToHashSet();
        await Poll.TryUntilAsync(() => accepted.IsSubsetOf(run.Journal.Read(WorkerKeys.Lines.Job).Select(l => l.ExecutionId)), TimeSpan.FromSeconds(30));

        var ran = run.Journal.Read(WorkerKeys.Lines.Job).Select(l => l.ExecutionId).ToHashSet();
        var whileDown = answers.Where(x => x.SentAt > stoppedAt && x.AnsweredAt < restartingAt).ToList();
        var lost = accepted.Count(id => !ran.Contains(id));
        var firstAcceptedAfterRestart = answers.Where(x => x.SentAt > restartedAt && x.Accepted).Min(x => (DateTimeOffset?)x.AnsweredAt);
        run.Report(new
        {
            test = run.Name,
            store = "postgres (own cluster, stopped with pg_ctl -m immediate)",
            accepted = accepted.Count,
            lost,
            answeredWhileDown = whileDown.Count,
            whileDownByStatus = whileDown.GroupBy(x => x.Status).ToDictionary(g => g.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), g => g.Count()),
            whileDown503WithoutRetryAfter = whileDown.Count(x => x.Status == 503 && !x.RetryAfter),
            downSeconds = (restartedAt - stoppedAt).TotalSeconds,
            acceptingAgainSecondsAfterRestart = (firstAcceptedAfterRestart - restartedAt)?.TotalSeconds,
            ranWithout202 = ran.Count(id => !accepted.Contains(id)),
        });

        // While the store was down nothing was acknowledged: every answer was 503 with Retry-After.
        Assert.NotEmpty(whileDown);
        Assert.All(whileDown, x => Assert.True(x.Status == (int)HttpStatusCode.ServiceUnavailable && x.RetryAfter,
            $"Request {x.Seq}, sent while the store was down, was answered {x.Status}{(x.RetryAfter ? " with" : " without")} Retry-After {x.Error}."));
        Assert.True(lost == 0, $"{lost} of {accepted.Count} accepted jobs never ran.\n{run.Tails()}");
        Assert.False(worker.HasExited);
    }
}
