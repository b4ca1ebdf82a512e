namespace FlowSdk.Hosting.Tests;

[Flow("gated-channel", Capacity = 2)]
[ChannelTrigger]
public sealed partial class GatedChannelFlow(Probe probe)
{
    [Step]
    public ValueTask Enter(Job job, CancellationToken cancellationToken) => probe.EnterAsync(job, cancellationToken);
}

/// <summary>
/// One consumer and a capacity of 64, so the consumer takes up to 8 waiting messages at once. Job 1 waits for the probe's
/// gate; job 2 runs until it is cancelled; every job that starts is recorded.
/// </summary>
[Flow("taking", Capacity = 64)]
[ChannelTrigger]
public sealed partial class TakingFlow(Probe probe)
{
    [Step]
    public async ValueTask Enter(Job job, CancellationToken cancellationToken)
    {
        if (job.Id == 1)
        {
            await probe.EnterAsync(job, cancellationToken);
            return;
        }

        probe.Record(job);
        if (job.Id == 2)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
    }
}

/// <summary>
/// Two consumers taking batches of up to 4 each (an eighth of 64, halved). Jobs 1 and 2 wait for the probe's gate; jobs 3 and 4 run
/// until they are cancelled; every job that starts is recorded.
/// </summary>
[Flow("sharing", MaxConcurrency = 2, Capacity = 64)]
[ChannelTrigger]
public sealed partial class SharingFlow(Probe probe)
{
    [Step]
    public async ValueTask Enter(Job job, CancellationToken cancellationToken)
    {
        if (job.Id is 1 or 2)
        {
            await probe.EnterAsync(job, cancellationToken);
            return;
        }

        probe.Record(job);
        if (job.Id is 3 or 4)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
    }
}

/// <summary>Three consumers taking batches of up to 2; each job leaves its consumer for the thread pool once, so they overlap.</summary>
[Flow("yielding", MaxConcurrency = 3, Capacity = 64)]
[ChannelTrigger]
public sealed partial class YieldingFlow(Probe probe)
{
    [Step]
    public async ValueTask Enter(Job job)
    {
        await Task.Yield();
        probe.Record(job);
    }
}

[Flow("concurrency", MaxConcurrency = 3, Capacity = 64)]
[ChannelTrigger]
public sealed partial class ConcurrencyFlow(Probe probe)
{
    [Step]
    public ValueTask Enter(Job job, CancellationToken cancellationToken) => probe.EnterAsync(job, cancellationToken);
}

/// <summary>Ids below zero are poison (always fail); id 100 fails twice, then succeeds.</summary>
[Flow("poison")]
[ChannelTrigger]
[Retry(3, BaseDelayMilliseconds = 1)]
public sealed partial class PoisonFlow(Probe probe)
{
    private int _flakyAttempts;

    public int FlakyAttempts => Volatile.Read(ref _flakyAttempts);

    [Step]
    public static Job Check(Job job) =>
        job.Id < 0 ? throw new InvalidOperationException($"job {job.Id} is poison") : job;

    [Step]
    public Job Flaky(Job job)
    {
        if (job.Id == 100 && Interlocked.Increment(ref _flakyAttempts) <= 2)
        {
            throw new TimeoutException("the target timed out");
        }

        return job;
    }

    [Step]
    public void Done(Job job) => probe.Record(job);
}

/// <summary>Always fails, recording the clock's time of every attempt: its retry delays grow past the declared cap.</summary>
[Flow("capped-retry")]
[ChannelTrigger]
[Retry(5, BaseDelayMilliseconds = 1000, MaxDelayMilliseconds = 1500)]
public sealed partial class CappedRetryFlow(Probe probe, TimeProvider time)
{
    [Step]
    public Job Fail(Job job)
    {
        probe.Record(time.GetUtcNow());
        throw new TimeoutException("the target timed out");
    }
}

/// <summary>The same steps, with the order entering through an entry: the host wraps it in the generated FlowInput.</summary>
[Flow("alloc-entry", Capacity = 8192)]
[ChannelTrigger(Entry = nameof(Stamp))]
public sealed partial class AllocEntryFlow(AllocCounter counter)
{
    [Entry]
    public static StampedOrder Stamp(Order order, FlowContext context) => new(order, context.StartedAt.UtcTicks);

    [Filter]
    public static bool HasAmount(StampedOrder order) => order.Order.Amount > 0;

    [Step]
    public static OrderLine Map(StampedOrder order) => new(order.Order.Id, order.Order.Amount * 2);

    [Step]
    public static ValueTask<Receipt> Push(OrderLine line, CancellationToken cancellationToken) => new(new Receipt(line.Id, 201));

    [Step]
    public void Count(Receipt receipt) => counter.Increment();
}

/// <summary>Five synchronous steps over value types: the shape the allocation test pushes through the host.</summary>
[Flow("alloc-five", Capacity = 8192)]
[ChannelTrigger]
public sealed partial class AllocFlow(AllocCounter counter)
{
    [Step]
    public static StampedOrder Stamp(Order order, FlowContext context) => new(order, context.StartedAt.UtcTicks);

    [Filter]
    public static bool HasAmount(StampedOrder order) => order.Order.Amount > 0;

    [Step]
    public static OrderLine Map(StampedOrder order) => new(order.Order.Id, order.Order.Amount * 2);

    [Step]
    public static ValueTask<Receipt> Push(OrderLine line, CancellationToken cancellationToken) => new(new Receipt(line.Id, 201));

    [Step]
    public void Count(Receipt receipt) => counter.Increment();
}

/// <summary>The same five steps with a retry policy: the happy path through the retry pipeline must not allocate either.</summary>
[Flow("alloc-five-retry", Capacity = 8192)]
[ChannelTrigger]
[Retry(3)]
public sealed partial class AllocRetryFlow(AllocCounter counter)
{
    [Step]
    public static StampedOrder Stamp(Order order, FlowContext context) => new(order, context.StartedAt.UtcTicks);

    [Filter]
    public static bool HasAmount(StampedOrder order) => order.Order.Amount > 0;

    [Step]
    public static OrderLine Map(StampedOrder order) => new(order.Order.Id, order.Order.Amount * 2);

    [Step]
    public static ValueTask<Receipt> Push(OrderLine line, CancellationToken cancellationToken) => new(new Receipt(line.Id, 201));

    [Step]
    public void Count(Receipt receipt) => counter.Increment();
}

/// <summary>Counts processed messages and completes a preallocated signal at a target, without allocating per call.</summary>
public sealed class AllocCounter
{
    private long _count;
    private long _target = long.MaxValue;
    private TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public long Count => Interlocked.Read(ref _count);

    /// <summary>Total bytes the process had allocated when the target was reached.</summary>
    public long AllocatedAtTarget { get; private set; }

    public Task Arm(long target)
    {
        _reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _target, target);
        if (Count >= target)
        {
            _reached.TrySetResult();
        }

        return _reached.Task;
    }

    public void Increment()
    {
        if (Interlocked.Increment(ref _count) == Volatile.Read(ref _target))
        {
            AllocatedAtTarget = GC.GetTotalAllocatedBytes(precise: true);
            _reached.TrySetResult();
        }
    }
}

/// <summary>Even ids complete, odd ids are filtered, negative ids fail (retried once, then dead-lettered).</summary>
[Flow("telemetry")]
[ChannelTrigger]
[Retry(2, BaseDelayMilliseconds = 1)]
public sealed partial class TelemetryFlow
{
    [Filter]
    public static bool IsEven(Job job) => job.Id % 2 == 0;

    [Step]
    public static Job Explode(Job job) => job.Id < 0 ? throw new InvalidOperationException("negative") : job;
}
