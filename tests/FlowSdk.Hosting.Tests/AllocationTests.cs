using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace FlowSdk.Hosting.Tests;

[Collection(SerialCollection.Name)]
public sealed class AllocationTests(ITestOutputHelper output)
{
    private const int Batch = 4000;

    [Fact]
    public Task A_five_step_synchronous_flow_runs_through_the_channel_host_without_allocating_per_message() =>
        Measure<AllocFlow>(AllocFlow.Definition, s => s.AddTestFlow<AllocFlow, Order, Receipt>(AllocFlow.Definition));

    [Fact]
    public Task The_retry_pipeline_adds_no_allocation_on_the_happy_path() =>
        Measure<AllocRetryFlow>(AllocRetryFlow.Definition, s => s.AddTestFlow<AllocRetryFlow, Order, Receipt>(AllocRetryFlow.Definition));

    [Fact]
    public Task A_payload_entering_through_an_entry_allocates_nothing_per_message() =>
        Measure<AllocEntryFlow>(AllocEntryFlow.Definition, s => s.AddTestFlow<AllocEntryFlow, AllocEntryFlow.FlowInput, Receipt>(AllocEntryFlow.Definition, AllocEntryFlow.FlowInput.Entries));

    [Fact]
    public Task Two_consumers_taking_batches_and_from_each_other_allocate_nothing_per_message() =>
        Measure<AllocFlow>(
            AllocFlow.Definition,
            s => s.AddTestFlow<AllocFlow, Order, Receipt>(AllocFlow.Definition)
                .Configure<FlowOptions>(AllocFlow.Definition.Name, o => o.MaxConcurrency = 2));

    // Capacity 1: the consumers read one message at a time; 256: they take batches (TakenMessages), 32 for one consumer
    // alone, 16 each for two.
    [Theory]
    [InlineData(1, 1)]
    [InlineData(256, 1)]
    [InlineData(256, 2)]
    public Task A_producer_that_waits_for_room_in_a_full_queue_allocates_nothing_per_message(int capacity, int consumers) =>
        Measure<AllocFlow>(
            AllocFlow.Definition,
            s => s.AddTestFlow<AllocFlow, Order, Receipt>(AllocFlow.Definition)
                .Configure<FlowOptions>(AllocFlow.Definition.Name, o => (o.Capacity, o.MaxConcurrency) = (capacity, consumers)),
            awaitRoom: true);

    private async Task Measure<TFlow>(FlowDefinition definition, Action<IServiceCollection> register, bool awaitRoom = false)
        where TFlow : class, IFlowInput<Order>
    {
        var counter = new AllocCounter();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Logging.ClearProviders();
        register(builder.Services.AddSingleton(counter));

        using var host = builder.Build();
        await host.StartAsync();
        var publisher = host.Services.GetRequiredService<IFlowPublisher<TFlow, Order>>();
        var orders = Enumerable.Range(1, Batch).Select(i => new Order(i, i)).ToArray();

        long target = 0;
        for (var warmUp = 0; warmUp < 3; warmUp++)
        {
            target += Batch;
            await RunBatch(publisher, orders, counter, target, awaitRoom);
        }

        var perBatch = new List<long>();
        for (var round = 0; round < 5; round++)
        {
            target += Batch;
            perBatch.Add(await RunBatch(publisher, orders, counter, target, awaitRoom));
        }

        var best = perBatch.Min();
        output.WriteLine($"{definition.Name}: allocated bytes per batch of {Batch}: {string.Join(", ", perBatch)}; best {best} = {(double)best / Batch:F3} bytes per message");

        // Any per-message allocation costs at least 24 bytes a message; less than one byte a message is a constant.
        Assert.True(best < Batch, $"{best} bytes for {Batch} messages ({(double)best / Batch:F2} per message); batches: {string.Join(", ", perBatch)}");
        await host.StopAsync();
    }

    /// <summary>
    /// Publishes a batch and returns the bytes the whole process allocated until the flow counted the last message. With
    /// <paramref name="awaitRoom"/> every publish is awaited, so a producer faster than the consumer waits for room.
    /// </summary>
    private static async Task<long> RunBatch<TFlow>(IFlowPublisher<TFlow, Order> publisher, Order[] orders, AllocCounter counter, long target, bool awaitRoom)
        where TFlow : class, IFlowInput<Order>
    {
        var done = counter.Arm(target);
        var before = GC.GetTotalAllocatedBytes(precise: true);
        foreach (var order in orders)
        {
            if (awaitRoom)
            {
                await publisher.PublishAsync(order);
            }
            else if (!publisher.TryPublish(order))
            {
                throw new InvalidOperationException("The queue was full.");
            }
        }

        await done.WaitAsync(Probe.Timeout);
        return counter.AllocatedAtTarget - before;
    }
}
