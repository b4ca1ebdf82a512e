using System.Text.Json;
using Xunit.Abstractions;

namespace FlowSdk.Durability.Tests;

/// <summary>A message whose step kills the process every time it is delivered, on a SQLite worker restarted after each crash.</summary>
public sealed class PoisonTests(ITestOutputHelper output)
{
    private const int MaxDeliveries = 3;
    private const string Instance = "tenant";

    [Fact]
    public async Task A_message_that_crashes_its_node_every_time_is_dead_lettered_after_max_deliveries_and_the_worker_goes_on()
    {
        await using var run = new TestRun(output, "poison");
        var spec = new WorkerSpec
        {
            NodeId = "poison-1",
            SqlitePath = run.SqlitePath,
            Lease = TimeSpan.FromSeconds(2),
            MaxDeliveries = MaxDeliveries,
            Journal = run.Journal,
        };
        var worker = await run.StartAsync(spec);
        using (var api = new WorkerApi(worker))
        {
            await api.DeployAsync(Instance, WorkerKeys.InstanceJobFlow);

            // The instance is routable once this node's catalog read the deployment (one poll).
            Guid? before = null;
            await Poll.UntilAsync(async () => (before = await api.PublishAsync(Instance, "before", 20)) is not null, TimeSpan.FromSeconds(30), "the instance to take a job", run.Tails);
            await Poll.UntilAsync(() => Done(run).Contains(before!.Value), TimeSpan.FromSeconds(30), "the job before the poison to run", run.Tails);
        }

        // The poison may kill the worker before its 202 is out: its execution id is then read from its crash line.
        Guid? answered = null;
        using (var api = new WorkerApi(worker))
        {
            try
            {
                answered = await api.PublishAsync(Instance, WorkerKeys.PoisonKind, 0);
            }
            catch (HttpRequestException) when (worker.HasExited || run.Journal.Read(WorkerKeys.Lines.Crash).Count > 0)
            {
            }
        }

        await Poll.UntilAsync(() => run.Journal.Read(WorkerKeys.Lines.Crash).Count > 0, TimeSpan.FromSeconds(30), "the poison job to run", run.Tails);
        var poison = run.Journal.Read(WorkerKeys.Lines.Crash)[0].ExecutionId;
        Assert.True(answered is null || answered == poison, $"The poison job was answered {answered} but {poison} crashed.");

        // Restart the worker whenever the poison killed it, until a worker is up with the poison dead-lettered.
        var crashes = 0;
        JsonElement? letter = null;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60); // about 5 s a delivery: a start, the lease, a poll
        while (letter is null)
        {
            Assert.True(DateTime.UtcNow < deadline, $"No dead letter for the poison job after {crashes} crashes.\n{run.Tails()}");
            if (worker.HasExited)
            {
                crashes++;
                run.Log($"{worker.NodeId} crashed ({crashes})");
                Assert.True(crashes <= MaxDeliveries, $"The poison job crashed its node {crashes} times; it should be dead-lettered after {MaxDeliveries}.\n{run.Tails()}");
                worker = await run.StartMayExitAsync(spec.As($"poison-{crashes + 1}"));
                continue;
            }

            using var api = new WorkerApi(worker);
            try
            {
                letter = (await api.DeadLettersAsync(Instance)).Where(l => l.GetProperty("executionId").GetGuid() == poison).Select(l => (JsonElement?)l).FirstOrDefault();
            }
            catch (HttpRequestException)
            {
                // The poison runs right after a start, so the worker may die while it answers: restart it, as above.
                if (!await Poll.TryUntilAsync(() => worker.HasExited, TimeSpan.FromSeconds(10)))
                {
                    throw;
                }

                continue;
            }

            if (letter is null)
            {
                await Task.Delay(Poll.Interval);
            }
        }

        var crashLines = run.Journal.Read(WorkerKeys.Lines.Crash).Where(l => l.ExecutionId == poison).ToList();
        run.Report(new
        {
            test = run.Name,
            store = "sqlite",
            maxDeliveries = MaxDeliveries,
            crashes,
            crashDeliveries = crashLines.Select(l => l.Delivery).Order(),
            deadLetter = letter.Value,
        });

        Assert.Equal(MaxDeliveries, crashes);
        Assert.Equal(Enumerable.Range(1, MaxDeliveries), crashLines.Select(l => l.Delivery).Order());

        // The worker that dead-lettered it is still up and runs the next job.
        using (var api = new WorkerApi(worker))
        {
            var after = await api.PublishAsync(Instance, "after", 20) ?? throw new InvalidOperationException("The job after the poison was not accepted.");
            await Poll.UntilAsync(() => Done(run).Contains(after), TimeSpan.FromSeconds(30), "the job after the poison to run", run.Tails);
        }

        Assert.False(worker.HasExited);
    }

    private static HashSet<Guid> Done(TestRun run) => [.. run.Journal.Read(WorkerKeys.Lines.Done).Select(l => l.ExecutionId)];
}
