using System.Reflection;
using System.Threading.Tasks.Dataflow;
using BenchmarkDotNet.Attributes;
using FlowSdk.Benchmarks.Glue;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace FlowSdk.Benchmarks.Peers;

/// <summary>
/// The five steps of <see cref="SyncWorking5Flow"/> (or its trivial twin) run by every way a .NET developer would
/// compose them, side by side in one run: by hand (the baseline), the generated <c>RunAsync</c>, object-typed delegates,
/// <see cref="MethodInfo.Invoke(object, object[])"/>, martinothamar/Mediator pipeline behaviours, and a TPL Dataflow
/// <see cref="TransformBlock{TInput, TOutput}"/> chain. Each invocation runs <see cref="Messages"/> messages, so Mean
/// reads as ns per message.
/// </summary>
[MemoryDiagnoser]
[ThreadingDiagnoser]
public class PeerBenchmarks
{
    public const int Messages = 4096;

    private readonly PeerSteps _steps = new();
    private readonly FlowContext _context = new("peers");
    private ServiceProvider? _services;
    private global::Mediator.Mediator _mediator = null!;
    private Func<object, object>[] _delegates = [];
    private MethodInfo[] _methods = [];
    private object _target = null!;
    private Func<long, long>[] _typed = [];

    [Params(StepWork.Working, StepWork.Trivial)]
    public StepWork Work { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var services = new ServiceCollection();
        services.AddSingleton(_steps);
        services.AddMediator((MediatorOptions options) =>
        {
            options.ServiceLifetime = ServiceLifetime.Singleton;
            options.PipelineBehaviors =
            [
                typeof(WorkingStep1Behavior), typeof(WorkingStep2Behavior), typeof(WorkingStep3Behavior), typeof(WorkingStep4Behavior),
                typeof(TrivialStep1Behavior), typeof(TrivialStep2Behavior), typeof(TrivialStep3Behavior), typeof(TrivialStep4Behavior),
            ];
        });
        _services = services.BuildServiceProvider();
        _mediator = _services.GetRequiredService<global::Mediator.Mediator>();
        _delegates = _steps.Delegates(Work);
        _methods = PeerSteps.Methods(Work);
        _target = _steps.Target(Work);
        _typed = _steps.Typed(Work);

        var expected = HandWritten_Baseline();
        Check(nameof(Generated), Generated(), expected);
        Check(nameof(Delegates), Delegates(), expected);
        Check(nameof(Reflection), Reflection(), expected);
        Check(nameof(MediatorBehaviors), MediatorBehaviors(), expected);
        Check(nameof(DataflowChain), DataflowChain().GetAwaiter().GetResult(), expected);
    }

    [GlobalCleanup]
    public void Cleanup() => _services?.Dispose();

    [Benchmark(Baseline = true, OperationsPerInvoke = Messages)]
    public long HandWritten_Baseline()
    {
        long sum = 0;
        if (Work == StepWork.Working)
        {
            var flow = _steps.Working;
            for (var i = 0; i < Messages; i++)
            {
                sum += HandWritten.SyncWorking5(flow, i);
            }
        }
        else
        {
            var flow = _steps.Trivial;
            for (var i = 0; i < Messages; i++)
            {
                sum += HandWritten.SyncTrivial5(flow, i);
            }
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Messages)]
    public long Generated()
    {
        long sum = 0;
        var context = _context;
        if (Work == StepWork.Working)
        {
            var flow = _steps.Working;
            for (var i = 0; i < Messages; i++)
            {
                var run = flow.RunAsync(i, context);
                sum += run.IsCompletedSuccessfully ? run.Result.Output : Awaited.Output(run);
            }
        }
        else
        {
            var flow = _steps.Trivial;
            for (var i = 0; i < Messages; i++)
            {
                var run = flow.RunAsync(i, context);
                sum += run.IsCompletedSuccessfully ? run.Result.Output : Awaited.Output(run);
            }
        }

        return sum;
    }

    /// <summary>A pipeline composed at run time from <c>Func&lt;object, object&gt;</c> steps.</summary>
    [Benchmark(OperationsPerInvoke = Messages)]
    public long Delegates()
    {
        var steps = _delegates;
        long sum = 0;
        for (var i = 0; i < Messages; i++)
        {
            object payload = (long)i;
            foreach (var step in steps)
            {
                payload = step(payload);
            }

            sum += (long)payload;
        }

        return sum;
    }

    /// <summary>A pipeline that finds the step methods by reflection and calls <see cref="MethodInfo.Invoke(object, object[])"/>.</summary>
    [Benchmark(OperationsPerInvoke = Messages)]
    public long Reflection()
    {
        var methods = _methods;
        var target = _target;
        var arguments = new object?[1];
        long sum = 0;
        for (var i = 0; i < Messages; i++)
        {
            object? payload = (long)i;
            foreach (var method in methods)
            {
                arguments[0] = payload;
                payload = method.Invoke(target, arguments);
            }

            sum += (long)payload!;
        }

        return sum;
    }

    /// <summary>One request per message through four pipeline behaviours and the handler (the concrete generated mediator).</summary>
    [Benchmark(OperationsPerInvoke = Messages)]
    public long MediatorBehaviors()
    {
        var mediator = _mediator;
        long sum = 0;
        if (Work == StepWork.Working)
        {
            for (var i = 0; i < Messages; i++)
            {
                var run = mediator.Send(new WorkingRequest(i));
                sum += run.IsCompletedSuccessfully ? run.Result : Awaited.Value(run);
            }
        }
        else
        {
            for (var i = 0; i < Messages; i++)
            {
                var run = mediator.Send(new TrivialRequest(i));
                sum += run.IsCompletedSuccessfully ? run.Result : Awaited.Value(run);
            }
        }

        return sum;
    }

    /// <summary>
    /// A <see cref="TransformBlock{TInput, TOutput}"/> per step, linked with <c>PropagateCompletion</c>, ending in an
    /// <see cref="ActionBlock{TInput}"/> that sums the outputs: built per invocation, fed every message, completed and awaited.
    /// </summary>
    [Benchmark(OperationsPerInvoke = Messages)]
    public async Task<long> DataflowChain()
    {
        var link = new DataflowLinkOptions { PropagateCompletion = true };
        var steps = _typed;
        var head = new TransformBlock<long, long>(steps[0]);
        ISourceBlock<long> tail = head;
        for (var s = 1; s < steps.Length; s++)
        {
            var block = new TransformBlock<long, long>(steps[s]);
            tail.LinkTo(block, link);
            tail = block;
        }

        long sum = 0;
        var sink = new ActionBlock<long>(value => sum += value);
        tail.LinkTo(sink, link);
        for (var i = 0; i < Messages; i++)
        {
            head.Post(i);
        }

        head.Complete();
        await sink.Completion.ConfigureAwait(false);
        return sum;
    }

    private static void Check(string name, long actual, long expected)
    {
        if (actual != expected)
        {
            throw new InvalidOperationException($"{name} computed {actual}, the hand-written pipeline {expected}.");
        }
    }
}
