using System.Globalization;
using Xunit.Abstractions;

namespace FlowSdk.Durability.Tests;

/// <summary>A per-second schedule deployed as an instance on two PostgreSQL workers: each occurrence runs once.</summary>
public sealed class ScheduleOnceTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task Each_scheduled_second_runs_once_across_two_nodes_and_keeps_running_after_one_is_killed()
    {
        await using var schema = await PostgresSchema.CreateAsync();
        await using var run = new TestRun(output, "schedule-once");
        var spec = new WorkerSpec
        {
            NodeId = "tick-a",
            Postgres = schema.ConnectionString,
            Lease = Lease,
            Journal = run.Journal,

            // The scheduler says at debug level whether a tick it fired was stored (1010) or already stored by the other node (1017).
            ExtraArguments = ["--Logging:LogLevel:FlowSdk.Hosting.FlowScheduler=Debug"],
        };
        var a = await run.StartAsync(spec);
        var b = await run.StartAsync(spec.As("tick-b"));
        using (var api = new WorkerApi(a))
        {
            await api.DeployAsync("clock", WorkerKeys.TickFlow);
        }

        // Both nodes fire the instance's schedule every second; the store accepts each occurrence once.
        await Poll.UntilAsync(() => Span(Ticks(run)) >= 9, TimeSpan.FromSeconds(40), "nine seconds of ticks", run.Tails);
        var beforeKill = Ticks(run);
        var (firedByA, firedByB) = (Fired(a), Fired(b));
        a.Kill();
        var killedAt = a.KilledAt!.Value;
        await a.WaitForExitAsync(TimeSpan.FromSeconds(30));
        run.Log($"killed {a.NodeId}");

        // After the kill, B alone: at least lease + six seconds of occurrences after the kill.
        var until = killedAt + Lease + TimeSpan.FromSeconds(6);
        await Poll.UntilAsync(() => Ticks(run).Any(l => Scheduled(l) >= until), TimeSpan.FromSeconds(40), $"ticks up to {until:HH:mm:ss}", run.Tails);
        var ticks = Ticks(run);

        // Occurrences around the kill: the ones A may have accepted and not finished, which B runs again after the lease.
        var aroundKill = (From: Truncate(killedAt) - TimeSpan.FromSeconds(2), To: Truncate(killedAt) + Lease + TimeSpan.FromSeconds(2));
        bool AroundKill(DateTimeOffset second) => second >= aroundKill.From && second <= aroundKill.To;

        var seconds = ticks.GroupBy(Scheduled).OrderBy(g => g.Key).ToList();
        var first = seconds[0].Key;
        var last = seconds[^1].Key;
        var expected = Enumerable.Range(0, (int)(last - first).TotalSeconds + 1).Select(n => first.AddSeconds(n)).ToList();
        var missing = expected.Except(seconds.Select(g => g.Key)).ToList();
        var acceptedTwice = seconds.Where(g => g.Count(l => l.Delivery == 1) > 1).Select(g => g.Key).ToList();
        var ranTwice = seconds.Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        run.Report(new
        {
            test = run.Name,
            store = "postgres",
            nodes = 2,
            seconds = expected.Count,
            secondsBeforeKill = Span(beforeKill),
            firedBeforeKill = new { a = firedByA, b = firedByB },
            ranOnA = ticks.Count(l => l.Node == a.NodeId),
            ranOnB = ticks.Count(l => l.Node == b.NodeId),
            missing = missing.Select(Text),
            missingAwayFromKill = missing.Where(s => !AroundKill(s)).Select(Text),
            acceptedTwice = acceptedTwice.Select(Text),
            ranTwice = ranTwice.Select(Text),
            redelivered = ticks.Count(l => l.Delivery > 1),
        });

        // Both nodes fired the schedule (else "once" would prove nothing), and no second was accepted (first delivery) by both.
        Assert.True(firedByA > 0 && firedByB > 0, $"Not both nodes fired the schedule before the kill: A {firedByA}, B {firedByB} times.");
        Assert.True(acceptedTwice.Count == 0, $"Seconds run by both nodes as first deliveries: {string.Join(", ", acceptedTwice.Select(Text))}.");

        // A second runs twice only as a redelivery of an occurrence A held when it was killed.
        Assert.All(ranTwice, s => Assert.True(AroundKill(s), $"{Text(s)} ran twice, away from the kill."));

        // Every second between the first and the last ran, except possibly right around the kill.
        Assert.True(missing.All(AroundKill), $"Seconds that never ran: {string.Join(", ", missing.Select(Text))}.");

        // And after the kill the schedule kept firing on B.
        Assert.All(seconds.Where(g => g.Key > aroundKill.To), g => Assert.Equal(b.NodeId, Assert.Single(g).Node));
        Assert.Contains(seconds, g => g.Key > aroundKill.To);
    }

    /// <summary>How often the node's scheduler fired a tick, whichever node's tick the store kept.</summary>
    private static int Fired(WorkerProcess node) =>
        node.CountPrinted(line => line.Contains("[1010]", StringComparison.Ordinal) || line.Contains("[1017]", StringComparison.Ordinal));

    private static IReadOnlyList<JournalLine> Ticks(TestRun run) => run.Journal.Read(WorkerKeys.Lines.Tick);

    private static DateTimeOffset Scheduled(JournalLine line) => DateTimeOffset.Parse(line.Key, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);

    private static double Span(IReadOnlyList<JournalLine> ticks) =>
        ticks.Count == 0 ? 0 : (ticks.Max(Scheduled) - ticks.Min(Scheduled)).TotalSeconds;

    private static DateTimeOffset Truncate(DateTimeOffset time) => new(time.Ticks - (time.Ticks % TimeSpan.TicksPerSecond), time.Offset);

    private static string Text(DateTimeOffset second) => second.ToString("HH:mm:ss", CultureInfo.InvariantCulture);
}
