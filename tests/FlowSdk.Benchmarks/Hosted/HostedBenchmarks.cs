using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Threading.Channels;
using System.Threading.Tasks.Dataflow;
using BenchmarkDotNet.Attributes;
using FlowSdk.Hosting;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace FlowSdk.Benchmarks.Hosted;

/// <summary>
/// Hosted throughput: a producer publishes <see cref="Messages"/> messages into a bounded queue of
/// <see cref="Capacity"/> and waits until <see cref="Consumers"/> consumers have run the five steps of
/// <see cref="HostedFlow"/> for every one. The FlowSdk channel trigger host (through the typed publisher) against the
/// same steps in a hand-written <see cref="Channel{T}"/> consumer loop (the baseline) and in a TPL Dataflow
/// <see cref="ActionBlock{TInput}"/>. Mean reads as ns per message. With <see cref="Telemetry"/>, the OpenTelemetry SDK
/// traces and meters FlowSdk (<c>AddFlowSdkInstrumentation</c>), exporting through a batch processor and a periodic
/// metric reader; the hand-written loop and the block emit nothing either way, so they stay the same baseline.
/// <see cref="HandChannel_Instrumented"/> is the hand-written loop observed as a careful person would do it by hand: a
/// span per message with the flow's name, an id and the outcome, an execution counter and a duration histogram, on its
/// own source and meter, which the same providers export when <see cref="Telemetry"/> is on. <see cref="TelemetryMode.Sampled10"/>
/// keeps one trace in ten (a ratio sampler, as OpenTelemetry advises for hot paths) and every metric.
/// </summary>
[MemoryDiagnoser]
[ThreadingDiagnoser]
[Config(typeof(ThroughputConfig))]
public class HostedBenchmarks
{
    public const int Messages = 16_384;
    public const int Capacity = 1024;

    private readonly Tally _tally = new();
    private HostedFixture? _host;
    private IFlowPublisher<HostedFlow, long> _publisher = null!;
    private HostedFlow _flow = null!;
    private Channel<long> _channel = null!;
    private Task _loops = Task.CompletedTask;
    private ActionBlock<long> _block = null!;

    private static readonly ActivitySource HandSource = new("FlowSdk.Benchmarks.Hand");
    private static readonly Meter HandMeter = new("FlowSdk.Benchmarks.Hand");
    private static readonly Counter<long> HandExecutions = HandMeter.CreateCounter<long>("hand.executions");
    private static readonly Histogram<double> HandDuration = HandMeter.CreateHistogram<double>("hand.execution.duration", "s");

    private Channel<long> _instrumented = null!;
    private TracerProvider? _tracing;
    private MeterProvider? _metrics;

    [Params(1, 2)]
    public int Consumers { get; set; }

    /// <summary>None; every execution traced and metered; metered, and one trace in ten kept by a ratio sampler.</summary>
    public enum TelemetryMode
    {
        Off,
        Full,
        Sampled10,
    }

    [Params(TelemetryMode.Off, TelemetryMode.Full, TelemetryMode.Sampled10)]
    public TelemetryMode Telemetry { get; set; }

    [GlobalSetup]
    public async Task Setup()
    {
        if (Telemetry != TelemetryMode.Off)
        {
            _tracing = Sdk.CreateTracerProviderBuilder()
                .SetSampler(Telemetry == TelemetryMode.Sampled10 ? new TraceIdRatioBasedSampler(0.1) : new AlwaysOnSampler())
                .AddFlowSdkInstrumentation()
                .AddSource(HandSource.Name)
                .AddProcessor(new BatchActivityExportProcessor(new DiscardingExporter<System.Diagnostics.Activity>()))
                .Build();
            _metrics = Sdk.CreateMeterProviderBuilder()
                .AddFlowSdkInstrumentation()
                .AddMeter(HandMeter.Name)
                .AddReader(new PeriodicExportingMetricReader(new DiscardingExporter<Metric>(), exportIntervalMilliseconds: 1_000))
                .Build();
        }

        _host = await HostedFixture.StartAsync(_tally, Capacity, Consumers).ConfigureAwait(false);
        _publisher = _host.Publisher;
        _flow = _host.Flow;

        _channel = HostedFixture.NewChannel(Capacity, Consumers);
        _instrumented = HostedFixture.NewChannel(Capacity, Consumers);
        _loops = Task.WhenAll(Enumerable.Range(0, Consumers).SelectMany(_ => new[]
        {
            Task.Run(() => HostedFixture.ConsumeByHandAsync(_channel.Reader, _flow)),
            Task.Run(ConsumeInstrumentedAsync),
        }));

        _block = new ActionBlock<long>(
            _flow.RunByHand,
            new ExecutionDataflowBlockOptions { BoundedCapacity = Capacity, MaxDegreeOfParallelism = Consumers });

        var expected = await HandChannel_Baseline().ConfigureAwait(false);
        HostedFixture.Check(nameof(FlowSdkHost), await FlowSdkHost().ConfigureAwait(false), expected);
        HostedFixture.Check(nameof(DataflowActionBlock), await DataflowActionBlock().ConfigureAwait(false), expected);
        HostedFixture.Check(nameof(HandChannel_Instrumented), await HandChannel_Instrumented().ConfigureAwait(false), expected);
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        _channel.Writer.TryComplete();
        _instrumented.Writer.TryComplete();
        _block.Complete();
        await Task.WhenAll(_loops, _block.Completion).ConfigureAwait(false);
        if (_host is not null)
        {
            await _host.DisposeAsync().ConfigureAwait(false);
        }

        // Disposing the providers removes their listeners, so a later benchmark in the same process runs unobserved.
        _tracing?.Dispose();
        _metrics?.Dispose();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Messages)]
    public async Task<long> HandChannel_Baseline()
    {
        var done = _tally.Expect(Messages);
        var writer = _channel.Writer;
        for (var i = 0; i < Messages; i++)
        {
            await writer.WriteAsync(i).ConfigureAwait(false);
        }

        await done.ConfigureAwait(false);
        return _tally.Sum;
    }

    [Benchmark(OperationsPerInvoke = Messages)]
    public async Task<long> HandChannel_Instrumented()
    {
        var done = _tally.Expect(Messages);
        var writer = _instrumented.Writer;
        for (var i = 0; i < Messages; i++)
        {
            await writer.WriteAsync(i).ConfigureAwait(false);
        }

        await done.ConfigureAwait(false);
        return _tally.Sum;
    }

    [Benchmark(OperationsPerInvoke = Messages)]
    public async Task<long> FlowSdkHost()
    {
        var done = _tally.Expect(Messages);
        var publisher = _publisher;
        for (var i = 0; i < Messages; i++)
        {
            await publisher.PublishAsync(i).ConfigureAwait(false);
        }

        await done.ConfigureAwait(false);
        return _tally.Sum;
    }

    [Benchmark(OperationsPerInvoke = Messages)]
    public async Task<long> DataflowActionBlock()
    {
        var done = _tally.Expect(Messages);
        var block = _block;
        for (var i = 0; i < Messages; i++)
        {
            if (!block.Post(i) && !await block.SendAsync(i).ConfigureAwait(false))
            {
                throw new InvalidOperationException("The block declined a message.");
            }
        }

        await done.ConfigureAwait(false);
        return _tally.Sum;
    }

    private async Task ConsumeInstrumentedAsync()
    {
        var reader = _instrumented.Reader;
        var flow = _flow;
        var flowTag = new KeyValuePair<string, object?>("flow", "hosted-five");
        var completed = new KeyValuePair<string, object?>("outcome", "completed");
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out var value))
            {
                var started = Stopwatch.GetTimestamp();
                using var activity = HandSource.StartActivity("hand.execution", ActivityKind.Consumer);
                if (activity is { IsAllDataRequested: true })
                {
                    activity.SetTag("flow.name", "hosted-five");
                    activity.SetTag("flow.execution_id", value.ToString(CultureInfo.InvariantCulture));
                }

                flow.RunByHand(value);
                if (activity is { IsAllDataRequested: true })
                {
                    activity.SetTag("flow.outcome", "completed");
                }

                HandExecutions.Add(1, flowTag, completed);
                HandDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, flowTag, completed);
            }
        }
    }
}
