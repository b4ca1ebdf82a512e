namespace FlowSdk.Hosting;

// WaitToReadAsync and WaitToWriteAsync, as any channel has them. The consumer loop does not use them (it sleeps on a
// ConsumerWait, of which a write wakes one); they allocate a task per wait that does not end at once, and a write or a
// take ends every one of its kind, as the framework's channels do.
internal sealed partial class FlowChannel<T>
{
    private List<Waiter>? _readWaiters;
    private List<Waiter>? _writeWaiters;

    private ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<bool>(cancellationToken);
        }

        Waiter waiter;
        lock (_lock)
        {
            if (_count > 0)
            {
                return new ValueTask<bool>(true);
            }

            if (_completed)
            {
                return _error is null ? new ValueTask<bool>(false) : ValueTask.FromException<bool>(_error);
            }

            waiter = Park(ref _readWaiters);
        }

        return waiter.WaitAsync(cancellationToken);
    }

    private ValueTask<bool> WaitToWriteAsync(CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<bool>(cancellationToken);
        }

        Waiter waiter;
        lock (_lock)
        {
            if (_completed)
            {
                return _error is null ? new ValueTask<bool>(false) : ValueTask.FromException<bool>(_error);
            }

            if (_count < _capacity)
            {
                return new ValueTask<bool>(true);
            }

            waiter = Park(ref _writeWaiters);
        }

        return waiter.WaitAsync(cancellationToken);
    }

    private static Waiter Park(ref List<Waiter>? waiters)
    {
        // Waits cancelled since the last release are dropped here, so repeated cancelled waits do not pile up.
        waiters ??= [];
        waiters.RemoveAll(static waiter => waiter.Task.IsCompleted);
        var waiter = new Waiter();
        waiters.Add(waiter);
        return waiter;
    }

    private static List<Waiter>? TakeWaiters(ref List<Waiter>? waiters)
    {
        // Written only when there were any: a write reads this field every time, and a store would dirty its line.
        var taken = waiters;
        if (taken is not null)
        {
            waiters = null;
        }

        return taken;
    }

    private static void Release(List<Waiter>? waiters, bool result)
    {
        if (waiters is null)
        {
            return;
        }

        foreach (var waiter in waiters)
        {
            waiter.TrySetResult(result);
        }
    }

    private sealed class Waiter() : TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        public ValueTask<bool> WaitAsync(CancellationToken cancellationToken)
        {
            if (cancellationToken.CanBeCanceled)
            {
                var registration = cancellationToken.UnsafeRegister(static (state, token) => ((Waiter)state!).TrySetCanceled(token), this);
                Task.ContinueWith(
                    static (_, state) => ((CancellationTokenRegistration)state!).Dispose(),
                    registration,
                    CancellationToken.None,
                    TaskContinuationOptions.ExecuteSynchronously,
                    TaskScheduler.Default);
            }

            return new ValueTask<bool>(Task);
        }
    }
}
