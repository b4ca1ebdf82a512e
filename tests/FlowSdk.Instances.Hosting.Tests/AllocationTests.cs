using FlowSdk.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Xunit.Abstractions;

namespace FlowSdk.Instances.Hosting.Tests;

/// <remarks>
/// The bytes counted are the whole process's, so nothing else may allocate while a batch runs: the class runs in the
/// serial collection (after every parallel class, alone), and its hosts run on a fake clock, so the instance catalog's
/// store poll never fires in the middle of a batch. On the real clock it reads the store every 250 ms, about 1.2 KB a
/// read even when nothing changed; on a loaded machine every batch can span three or four reads, over the bound below.
/// </remarks>
[Collection(SerialCollection.Name)]
public sealed class AllocationTests(ITestOutputHelper output)
{
    private const int Batch = 4000;

    private static TimeProvider StoppedClock() => new Microsoft.Extensions.Time.Testing.FakeTimeProvider();

    [Fact]
    public async Task With_instance_hosting_wired_a_message_without_an_instance_still_allocates_nothing()
    {
        var counter = new AllocCounter();
        await using var host = await InstanceHost.StartAsync(s => s.AddSingleton(counter).AddFlow<CountFlow, int, int>(CountFlow.Definition).Configure<FlowOptions>("count", o => o.Durable = false), StoppedClock());
        var runner = host.Services.GetRequiredService<FlowRuntime>().GetRunner<CountFlow, int, int>();

        var best = await MeasureAsync(counter, () => runner.TryEnqueue(1, out _));

        output.WriteLine($"default instance with instance hosting wired: best batch {best} bytes for {Batch} messages ({(double)best / Batch:F3} per message)");
        Assert.True(best < Batch, $"{best} bytes for {Batch} messages");
    }

    [Fact]
    public async Task A_message_addressed_to_an_instance_costs_little_beyond_its_history_record()
    {
        var best = await MeasureInstanceAsync(FlowJournalMode.Off);

        // Reported, not a zero bound: a message for an instance queues a history record (the record object and its writer's work).
        output.WriteLine($"instance message, journal off (history recorded to an in-memory counter): best batch {best} bytes for {Batch} messages ({(double)best / Batch:F1} per message)");
        Assert.True(best < Batch * 512, $"{best} bytes for {Batch} messages");
    }

    [Fact]
    public async Task The_default_step_journal_adds_a_few_small_objects_per_instance_message()
    {
        var off = await MeasureInstanceAsync(FlowJournalMode.Off);
        var steps = await MeasureInstanceAsync(FlowJournalMode.Steps);

        // The journal of a one-step flow: the report's array and step, and the history's array and step (about 330 B
        // measured alone). Both figures are the whole process's, measured in two hosts, so background work (the history
        // writer's batches) moves their difference by a few hundred bytes a message: 280-300 B here, 526 B once on a fresh
        // clone whose "off" host measured 70 B. A payload serialised per step or a journal kept per item adds kilobytes.
        output.WriteLine($"instance message, journal Steps: {(double)steps / Batch:F1} bytes per message; off: {(double)off / Batch:F1}; the journal adds {(double)(steps - off) / Batch:F1}");
        Assert.True(steps - off < Batch * 1024, $"{steps - off} bytes for {Batch} messages");
    }

    private async Task<long> MeasureInstanceAsync(FlowJournalMode journal)
    {
        var counter = new AllocCounter();
        var history = new CountingHistory();
        await using var host = await InstanceHost.StartAsync(s => s
            .AddSingleton(counter)
            .AddFlow<CountFlow, int, int>(CountFlow.Definition)
            .Configure<FlowOptions>("count", o =>
            {
                o.Durable = false;
                o.Journal = journal;
            })
            .RemoveAll<IExecutionHistory>().AddSingleton<IExecutionHistory>(history), StoppedClock());
        await host.DeployAsync("acme", "count");
        var publisher = host.Services.GetRequiredService<IFlowInstancePublisher<CountFlow, int>>();
        return await MeasureAsync(counter, () => publisher.TryPublish("acme", 1));
    }

    private static async Task<long> MeasureAsync(AllocCounter counter, Func<bool> publish)
    {
        long target = 0;
        var batches = new List<long>();
        for (var round = 0; round < 8; round++)
        {
            target += Batch;
            var done = counter.Arm(target);
            var before = GC.GetTotalAllocatedBytes(precise: true);
            for (var i = 0; i < Batch; i++)
            {
                if (!publish())
                {
                    throw new InvalidOperationException("The queue was full.");
                }
            }

            await done.WaitAsync(Recorder.Timeout);
            if (round >= 3)
            {
                batches.Add(counter.AllocatedAtTarget - before);
            }
        }

        return batches.Min();
    }
}
