using System.Threading.Tasks.Sources;

namespace FlowSdk.Hosting;

/// <summary>
/// One consumer's wait on its <see cref="FlowChannel{T}"/> while it has nothing to run, reused for every idle turn, so
/// sleeping and waking allocate nothing. The channel arms it, links it among its sleepers and pops it to wake it, all
/// under its lock; the wake itself (<see cref="Wake"/>) happens outside the lock.
/// </summary>
internal sealed class ConsumerWait : IValueTaskSource<bool>
{
    private ManualResetValueTaskSourceCore<bool> _core = new() { RunContinuationsAsynchronously = true };

    /// <summary>The sleeper below this one, or the next one to wake once popped.</summary>
    public ConsumerWait? Next;

    /// <summary>Among the channel's sleepers; under the channel's lock.</summary>
    public bool IsAsleep { get; private set; }

    /// <summary>Ends when a write wakes it; true.</summary>
    public ValueTask<bool> WaitAsync() => new(this, _core.Version);

    public void Arm(ConsumerWait? below)
    {
        _core.Reset();
        (Next, IsAsleep) = (below, true);
    }

    public void Disarm() => IsAsleep = false;

    public void Wake() => _core.SetResult(true);

    public bool GetResult(short token) => _core.GetResult(token);

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}
