using BenchmarkDotNet.Attributes;

namespace FlowSdk.Benchmarks.Glue;

/// <summary>Sync steps return <c>long</c>; ValueTask steps return a <c>ValueTask&lt;long&gt;</c> that completes synchronously.</summary>
public enum StepShape
{
    Sync,
    ValueTask,
}

/// <summary>Working steps hash 32 bytes; trivial steps add one (the glue alone).</summary>
public enum StepWork
{
    Working,
    Trivial,
}

/// <summary>
/// Glue overhead without a host: the same step methods called by hand (the baseline) and through the generated
/// <c>RunAsync</c>. Each invocation runs <see cref="Messages"/> messages, so Mean reads as ns per message; the sum of
/// the outputs is returned so the JIT cannot drop the work.
/// </summary>
[MemoryDiagnoser]
public class GlueBenchmarks
{
    public const int Messages = 1024;

    private readonly FlowContext _context = new("glue");

    private readonly SyncWorking1Flow _syncWorking1 = new();
    private readonly SyncWorking5Flow _syncWorking5 = new();
    private readonly SyncWorking10Flow _syncWorking10 = new();
    private readonly SyncTrivial1Flow _syncTrivial1 = new();
    private readonly SyncTrivial5Flow _syncTrivial5 = new();
    private readonly SyncTrivial10Flow _syncTrivial10 = new();
    private readonly ValueTaskWorking1Flow _valueTaskWorking1 = new();
    private readonly ValueTaskWorking5Flow _valueTaskWorking5 = new();
    private readonly ValueTaskWorking10Flow _valueTaskWorking10 = new();
    private readonly ValueTaskTrivial1Flow _valueTaskTrivial1 = new();
    private readonly ValueTaskTrivial5Flow _valueTaskTrivial5 = new();
    private readonly ValueTaskTrivial10Flow _valueTaskTrivial10 = new();

    [Params(1, 5, 10)]
    public int Steps { get; set; }

    [Params(StepWork.Working, StepWork.Trivial)]
    public StepWork Work { get; set; }

    [Params(StepShape.Sync, StepShape.ValueTask)]
    public StepShape Shape { get; set; }

    [GlobalSetup]
    public void CheckSameOutput()
    {
        var hand = HandWritten_Baseline();
        var generated = Generated();
        if (hand != generated)
        {
            throw new InvalidOperationException($"Generated and hand-written pipelines disagree: {generated} != {hand}.");
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Messages)]
    public long HandWritten_Baseline() => (Shape, Work, Steps) switch
    {
        (StepShape.Sync, StepWork.Working, 1) => HandSyncWorking1(),
        (StepShape.Sync, StepWork.Working, 5) => HandSyncWorking5(),
        (StepShape.Sync, StepWork.Working, 10) => HandSyncWorking10(),
        (StepShape.Sync, StepWork.Trivial, 1) => HandSyncTrivial1(),
        (StepShape.Sync, StepWork.Trivial, 5) => HandSyncTrivial5(),
        (StepShape.Sync, StepWork.Trivial, 10) => HandSyncTrivial10(),
        (StepShape.ValueTask, StepWork.Working, 1) => HandValueTaskWorking1(),
        (StepShape.ValueTask, StepWork.Working, 5) => HandValueTaskWorking5(),
        (StepShape.ValueTask, StepWork.Working, 10) => HandValueTaskWorking10(),
        (StepShape.ValueTask, StepWork.Trivial, 1) => HandValueTaskTrivial1(),
        (StepShape.ValueTask, StepWork.Trivial, 5) => HandValueTaskTrivial5(),
        (StepShape.ValueTask, StepWork.Trivial, 10) => HandValueTaskTrivial10(),
        _ => throw new InvalidOperationException("Unknown case."),
    };

    [Benchmark(OperationsPerInvoke = Messages)]
    public long Generated() => (Shape, Work, Steps) switch
    {
        (StepShape.Sync, StepWork.Working, 1) => GeneratedSyncWorking1(),
        (StepShape.Sync, StepWork.Working, 5) => GeneratedSyncWorking5(),
        (StepShape.Sync, StepWork.Working, 10) => GeneratedSyncWorking10(),
        (StepShape.Sync, StepWork.Trivial, 1) => GeneratedSyncTrivial1(),
        (StepShape.Sync, StepWork.Trivial, 5) => GeneratedSyncTrivial5(),
        (StepShape.Sync, StepWork.Trivial, 10) => GeneratedSyncTrivial10(),
        (StepShape.ValueTask, StepWork.Working, 1) => GeneratedValueTaskWorking1(),
        (StepShape.ValueTask, StepWork.Working, 5) => GeneratedValueTaskWorking5(),
        (StepShape.ValueTask, StepWork.Working, 10) => GeneratedValueTaskWorking10(),
        (StepShape.ValueTask, StepWork.Trivial, 1) => GeneratedValueTaskTrivial1(),
        (StepShape.ValueTask, StepWork.Trivial, 5) => GeneratedValueTaskTrivial5(),
        (StepShape.ValueTask, StepWork.Trivial, 10) => GeneratedValueTaskTrivial10(),
        _ => throw new InvalidOperationException("Unknown case."),
    };

    private long GeneratedSyncWorking1()
    {
        var flow = _syncWorking1;
        var context = _context;
        long sum = 0;
        for (var i = 0; i < Messages; i++)
        {
            var run = flow.RunAsync(i, context);
            sum += run.IsCompletedSuccessfully ? run.Result.Output : Awaited.Output(run);
        }

        return sum;
    }

    private long HandSyncWorking1()
    {
        var flow = _syncWorking1;
        long sum = 0;
        for (var i = 0; i < Messages; i++)
        {
            sum += HandWritten.SyncWorking1(flow, i);
        }

        return sum;
    }

    private long GeneratedSyncWorking5()
    {
        var flow = _syncWorking5;
        var context = _context;
        long sum = 0;
        for (var i = 0; i < Messages; i++)
        {
            var run = flow.RunAsync(i, context);
            sum += run.IsCompletedSuccessfully ? run.Result.Output : Awaited.Output(run);
        }

        return sum;
    }

    private long HandSyncWorking5()
    {
        var flow = _syncWorking5;
        long sum = 0;
        for (var i = 0; i < Messages; i++)
        {
            sum += HandWritten.SyncWorking5(flow, i);
        }

        return sum;
    }

    private long GeneratedSyncWorking10()
    {
        var flow = _syncWorking10;
        var context = _context;
        long sum = 0;
        for (var i = 0; i < Messages; i++)
        {
            var run = flow.RunAsync(i, context);
            sum += run.IsCompletedSuccessfully ? run.Result.Output : Awaited.Output(run);
        }

        return sum;
    }

    private long HandSyncWorking10()
    {
        var flow = _syncWorking10;
        long sum = 0;
        for (var i = 0; i < Messages; i++)
        {
            sum += HandWritten.SyncWorking10(flow, i);
        }

        return sum;
    }

    private long GeneratedSyncTrivial1()
    {
        var flow = _syncTrivial1;
        var context = _context;
        long sum = 0;
        for (var i = 0; i < Messages; i++)
        {
            var run = flow.RunAsync(i, context);
            sum += run.IsCompletedSuccessfully ? run.Result.Output : Awaited.Output(run);
        }

        return sum;
    }

    private long HandSyncTrivial1()
    {
        var flow = _syncTrivial1;
        long sum = 0;
        for (var i = 0; i < Messages; i++)
        {
            sum += HandWritten.SyncTrivial1(flow, i);
        }

        return sum;
    }

    private long GeneratedSyncTrivial5()
    {
        var flow = _syncTrivial5;
        var context = _context;
        long sum = 0;
        for (var i = 0; i < Messages; i++)
        {
            var run = flow.RunAsync(i, context);
            sum += run.IsCompletedSuccessfully ? run.Result.Output : Awaited.Output(run);
        }

        return sum;
    }

    private long HandSyncTrivial5()
    {
        var flow = _syncTrivial5;
        long sum = 0;
        for (var i = 0; i < Messages; i++)
        {
            sum += HandWritten.SyncTrivial5(flow, i);
        }

        return sum;
    }

    private long GeneratedSyncTrivial10()
    {
        var flow = _syncTrivial10;
        var context = _context;
        long sum = 0;
        for (var i = 0; i < Messages; i++)
        {
            var run = flow.RunAsync(i, context);
            sum += run.IsCompletedSuccessfully ? run.Result.Output : Awaited.Output(run);
        }

        return sum;
    }

    private long HandSyncTrivial10()
    {
        var flow = _syncTrivial10;
        long sum = 0;
        for (var i = 0; i < Messages; i++)
        {
            sum += HandWritten.SyncTrivial10(flow, i);
        }

        return sum;
    }

    private long GeneratedValueTaskWorking1()
    {
        var flow = _valueTaskWorking1;
        var context = _context;
        long sum = 0;
        for (var i = 0; i < Messages; i++)
        {
            var run = flow.RunAsync(i, context);
            sum += run.IsCompletedSuccessfully ? run.Result.Output : Awaited.Output(run);
        }

        return sum;
    }

    private long HandValueTaskWorking1()
    {
        var flow = _valueTaskWorking1;
        long sum = 0;
        for (var i = 0; i < Messages; i++)
        {
            var run = HandWritten.ValueTaskWorking1(flow, i);
            sum += run.IsCompletedSuccessfully ? run.Result : Awaited.Value(run);
        }

        return sum;
    }

    private long GeneratedValueTaskWorking5()
    {
        var flow = _valueTaskWorking5;
        var context = _context;
        long sum = 0;
        for (var i = 0; i < Messages; i++)
        {
            var run = flow.RunAsync(i, context);
            sum += run.IsCompletedSuccessfully ? run.Result.Output : Awaited.Output(run);
        }

        return sum;
    }

    private long HandValueTaskWorking5()
    {
        var flow = _valueTaskWorking5;
        long sum = 0;
        for (var i = 0; i < Messages; i++)
        {
            var run = HandWritten.ValueTaskWorking5(flow, i);
            sum += run.IsCompletedSuccessfully ? run.Result : Awaited.Value(run);
        }

        return sum;
    }

    private long GeneratedValueTaskWorking10()
    {
        var flow = _valueTaskWorking10;
        var context = _context;
        long sum = 0;
        for (var i = 0; i < Messages; i++)
        {
            var run = flow.RunAsync(i, context);
            sum += run.IsCompletedSuccessfully ? run.Result.Output : Awaited.Output(run);
        }

        return sum;
    }

    private long HandValueTaskWorking10()
    {
        var flow = _valueTaskWorking10;
        long sum = 0;
        for (var i = 0; i < Messages; i++)
        {
            var run = HandWritten.ValueTaskWorking10(flow, i);
            sum += run.IsCompletedSuccessfully ? run.Result : Awaited.Value(run);
        }

        return sum;
    }

    private long GeneratedValueTaskTrivial1()
    {
        var flow = _valueTaskTrivial1;
        var context = _context;
        long sum = 0;
        for (var i = 0; i < Messages; i++)
        {
            var run = flow.RunAsync(i, context);
            sum += run.IsCompletedSuccessfully ? run.Result.Output : Awaited.Output(run);
        }

        return sum;
    }

    private long HandValueTaskTrivial1()
    {
        var flow = _valueTaskTrivial1;
        long sum = 0;
        for (var i = 0; i < Messages; i++)
        {
            var run = HandWritten.ValueTaskTrivial1(flow, i);
            sum += run.IsCompletedSuccessfully ? run.Result : Awaited.Value(run);
        }

        return sum;
    }

    private long GeneratedValueTaskTrivial5()
    {
        var flow = _valueTaskTrivial5;
        var context = _context;
        long sum = 0;
        for (var i = 0; i < Messages; i++)
        {
            var run = flow.RunAsync(i, context);
            sum += run.IsCompletedSuccessfully ? run.Result.Output : Awaited.Output(run);
        }

        return sum;
    }

    private long HandValueTaskTrivial5()
    {
        var flow = _valueTaskTrivial5;
        long sum = 0;
        for (var i = 0; i < Messages; i++)
        {
            var run = HandWritten.ValueTaskTrivial5(flow, i);
            sum += run.IsCompletedSuccessfully ? run.Result : Awaited.Value(run);
        }

        return sum;
    }

    private long GeneratedValueTaskTrivial10()
    {
        var flow = _valueTaskTrivial10;
        var context = _context;
        long sum = 0;
        for (var i = 0; i < Messages; i++)
        {
            var run = flow.RunAsync(i, context);
            sum += run.IsCompletedSuccessfully ? run.Result.Output : Awaited.Output(run);
        }

        return sum;
    }

    private long HandValueTaskTrivial10()
    {
        var flow = _valueTaskTrivial10;
        long sum = 0;
        for (var i = 0; i < Messages; i++)
        {
            var run = HandWritten.ValueTaskTrivial10(flow, i);
            sum += run.IsCompletedSuccessfully ? run.Result : Awaited.Value(run);
        }

        return sum;
    }
}
