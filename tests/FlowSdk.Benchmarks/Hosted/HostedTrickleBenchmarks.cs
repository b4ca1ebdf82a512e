using System.Threading.Channels;
using System.Threading.Tasks.Dataflow;
using BenchmarkDotNet.Attributes;
using FlowSdk.Hosting;

namespace FlowSdk.Benchmarks.Hosted;

/// <summary>
/// Light traffic with many consumers: one message at a time, each run to the end before the next is published, so
/// every consumer is idle when a message comes. Mean reads as the round trip of one message. This is where an idle
/// consumer's wake-up and its look for work cost, not the queue's throughput: each write wakes every idle consumer
/// of a channel loop (the host's and the hand-written one), where the <see cref="ActionBlock{TInput}"/> starts a task
/// only for work it has. Same steps as <see cref="HostedBenchmarks"/>.
/// </summary>
[MemoryDiagnoser]
[ThreadingDiagnoser]
[Config(typeof(ThroughputConfig))]
public class HostedTrickleBenchmarks
{
    public const int Messages = 256;

    private readonly Tally _tally = new();
    private HostedFixture? _host;
    private IFlowPublisher<HostedFlow, long> _publisher = null!;
    private HostedFlow _flow = null!;
    private Channel<long> _channel = null!;
    private Task _loops = Task.CompletedTask;
    private ActionBlock<long> _block = null!;

    [Params(1, 64)]
    public int Consumers { get; set; }

    [GlobalSetup]
    public async Task Setup()
    {
        _host = await HostedFixture.StartAsync(_tally, HostedBenchmarks.Capacity, Consumers).ConfigureAwait(false);
        _publisher = _host.Publisher;
        _flow = _host.Flow;
        _channel = HostedFixture.NewChannel(HostedBenchmarks.Capacity, Consumers);
        _loops = Task.WhenAll(Enumerable.Range(0, Consumers).Select(_ => Task.Run(() => HostedFixture.ConsumeByHandAsync(_channel.Reader, _flow))));
        _block = new ActionBlock<long>(
            _flow.RunByHand,
            new ExecutionDataflowBlockOptions { BoundedCapacity = HostedBenchmarks.Capacity, MaxDegreeOfParallelism = Consumers });

        var expected = await HandChannel_Baseline().ConfigureAwait(false);
        HostedFixture.Check(nameof(FlowSdkHost), await FlowSdkHost().ConfigureAwait(false), expected);
        HostedFixture.Check(nameof(DataflowActionBlock), await DataflowActionBlock().ConfigureAwait(false), expected);
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        _channel.Writer.TryComplete();
        _block.Complete();
        await Task.WhenAll(_loops, _block.Completion).ConfigureAwait(false);
        if (_host is not null)
        {
            await _host.DisposeAsync().ConfigureAwait(false);
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Messages)]
    public async Task<long> HandChannel_Baseline()
    {
        var sum = 0L;
        for (var i = 0; i < Messages; i++)
        {
            var done = _tally.Expect(1);
            await _channel.Writer.WriteAsync(i).ConfigureAwait(false);
            await done.ConfigureAwait(false);
            sum += _tally.Sum;
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Messages)]
    public async Task<long> FlowSdkHost()
    {
        var sum = 0L;
        for (var i = 0; i < Messages; i++)
        {
            var done = _tally.Expect(1);
            await _publisher.PublishAsync(i).ConfigureAwait(false);
            await done.ConfigureAwait(false);
            sum += _tally.Sum;
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Messages)]
    public async Task<long> DataflowActionBlock()
    {
        var sum = 0L;
        for (var i = 0; i < Messages; i++)
        {
            var done = _tally.Expect(1);
            if (!_block.Post(i))
            {
                throw new InvalidOperationException("The block declined a message.");
            }

            await done.ConfigureAwait(false);
            sum += _tally.Sum;
        }

        return sum;
    }
}
