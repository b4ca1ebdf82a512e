namespace FlowSdk.Instances.Hosting.Tests;

/// <summary>Counts executions and notes the process's allocated bytes when a target count is reached.</summary>
public sealed class AllocCounter
{
    private long _count;
    private long _target = long.MaxValue;
    private TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public long Count => Interlocked.Read(ref _count);

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

/// <summary>Tests that count the process's allocated bytes run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialCollection
{
    public const string Name = "serial";
}
