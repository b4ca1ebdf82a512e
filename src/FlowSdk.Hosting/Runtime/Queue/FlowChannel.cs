using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace FlowSdk.Hosting;

/// <summary>
/// The in-memory queue's bounded channel (<see cref="BoundedChannelFullMode.Wait"/>), in place of
/// <see cref="Channel.CreateBounded{T}(BoundedChannelOptions)"/> for two things its consumers need: a consumer takes up
/// to a batch under one take of the lock (<see cref="TakeUpTo"/>, where the framework's channel takes its lock per
/// message), and an idle consumer sleeps on a wait of its own (<see cref="Sleep"/>), of which a write wakes one rather
/// than every waiting reader. Writers waiting for room keep their message and are written in order as room is made.
/// Nothing here allocates once warm: a consumer's wait is its own, and a blocked write's state is reused.
/// </summary>
internal sealed partial class FlowChannel<T> : Channel<T>, IMessageBatchSource<T>
{
    // The ring starts small and doubles up to the capacity as messages wait, so a flow configured for a large backlog
    // holds memory for the messages it has had waiting, not for its capacity.
    private const int InitialSize = 64;

    private readonly Lock _lock = new();
    private readonly int _capacity;
    private T[] _items;
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _head;
    private int _count;
    private bool _completed;
    private Exception? _error;

    // Idle consumers, the last to sleep on top: it is woken first, its caches being the warmest.
    private ConsumerWait? _sleepers;

    public FlowChannel(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
        _items = new T[Math.Min(capacity, InitialSize)];
        Reader = new FlowChannelReader(this);
        Writer = new FlowChannelWriter(this);
    }

    /// <summary>Messages waiting; read without the lock by the depth gauge.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>What an idle consumer's <see cref="Sleep"/> found.</summary>
    public enum SleepOutcome : byte
    {
        /// <summary>Messages wait: take them.</summary>
        Work,

        /// <summary>Completed and empty: the consumer ends.</summary>
        Completed,

        /// <summary>The wait is registered: the next write wakes it, unless another sleeper is woken first.</summary>
        Asleep,
    }

    /// <summary>Moves up to <c>into.Length</c> messages, oldest first, into <paramref name="into"/>; one take of the lock.</summary>
    public int TakeUpTo(Span<T> into)
    {
        int taken;
        BlockedWrite? written = null;
        ConsumerWait? woken = null;
        List<Waiter>? writeWaiters;
        bool drained;
        lock (_lock)
        {
            taken = Math.Min(into.Length, _count);
            if (taken == 0)
            {
                return 0;
            }

            CopyOut(into[..taken]);
            if (_blockedFirst is not null)
            {
                written = WriteBlocked(taken, ref woken);
            }

            writeWaiters = TakeWaiters(ref _writeWaiters);
            drained = _completed && _count == 0;
        }

        Complete(written, closed: false);
        Wake(woken);
        Release(writeWaiters, true);
        if (drained)
        {
            Drained();
        }

        return taken;
    }

    /// <summary>
    /// Registers <paramref name="wait"/> unless messages wait or the channel completed empty. A consumer that then finds
    /// work elsewhere withdraws it (<see cref="Withdraw"/>); one that does not awaits it.
    /// </summary>
    public SleepOutcome Sleep(ConsumerWait wait)
    {
        lock (_lock)
        {
            if (_count > 0)
            {
                return SleepOutcome.Work;
            }

            if (_completed)
            {
                return SleepOutcome.Completed;
            }

            wait.Arm(_sleepers);
            _sleepers = wait;
            return SleepOutcome.Asleep;
        }
    }

    /// <summary>True when the wait was still asleep and is now withdrawn; false when a wake is on its way to it.</summary>
    public bool Withdraw(ConsumerWait wait)
    {
        lock (_lock)
        {
            if (!wait.IsAsleep)
            {
                return false;
            }

            if (ReferenceEquals(_sleepers, wait))
            {
                _sleepers = wait.Next;
            }
            else
            {
                var above = _sleepers!;
                while (!ReferenceEquals(above.Next, wait))
                {
                    above = above.Next!;
                }

                above.Next = wait.Next;
            }

            wait.Disarm();
            return true;
        }
    }

    private bool TryWrite(T item)
    {
        Woken woken;
        lock (_lock)
        {
            if (_completed || _count == _capacity)
            {
                return false;
            }

            woken = Write(item);
        }

        woken.Wake();
        return true;
    }

    /// <summary>Under the lock: appends a message and takes whom it wakes, to wake outside the lock.</summary>
    private Woken Write(T item)
    {
        Append(item);
        return new Woken(PopSleeper(null), TakeWaiters(ref _readWaiters));
    }

    /// <summary>Whom a write wakes: one sleeping consumer, and every <c>WaitToReadAsync</c> under way.</summary>
    private readonly struct Woken(ConsumerWait? sleeper, List<Waiter>? readers)
    {
        public void Wake()
        {
            FlowChannel<T>.Wake(sleeper);
            Release(readers, true);
        }
    }

    private bool TryPeek(out T item)
    {
        lock (_lock)
        {
            item = _count > 0 ? _items[_head] : default!;
            return _count > 0;
        }
    }

    private bool TryComplete(Exception? error)
    {
        BlockedWrite? blocked;
        ConsumerWait? woken = null;
        List<Waiter>? readWaiters, writeWaiters;
        bool drained;
        lock (_lock)
        {
            if (_completed)
            {
                return false;
            }

            (_completed, _error) = (true, error);
            blocked = UnblockAll();
            while (_sleepers is not null)
            {
                woken = PopSleeper(woken);
            }

            readWaiters = TakeWaiters(ref _readWaiters);
            writeWaiters = TakeWaiters(ref _writeWaiters);
            drained = _count == 0;
        }

        Complete(blocked, closed: true, error);
        Wake(woken);
        Release(readWaiters, false);
        Release(writeWaiters, false);
        if (drained)
        {
            Drained();
        }

        return true;
    }

    private void Drained()
    {
        if (_error is null)
        {
            _completion.TrySetResult();
        }
        else
        {
            _completion.TrySetException(_error);
        }
    }

    private void Append(T item)
    {
        if (_count == _items.Length)
        {
            Grow();
        }

        var tail = _head + _count;
        _items[tail < _items.Length ? tail : tail - _items.Length] = item;
        _count++;
    }

    private void Grow()
    {
        var grown = new T[(int)Math.Min(2L * _items.Length, _capacity)];
        var first = _items.Length - _head;
        _items.AsSpan(_head).CopyTo(grown);
        _items.AsSpan(0, _head).CopyTo(grown.AsSpan(first));
        (_items, _head) = (grown, 0);
    }

    private void CopyOut(Span<T> into)
    {
        var first = Math.Min(into.Length, _items.Length - _head);
        var front = _items.AsSpan(_head, first);
        front.CopyTo(into);
        var rest = _items.AsSpan(0, into.Length - first);
        rest.CopyTo(into[first..]);

        // Cleared, so a taken message is not kept reachable by the array.
        if (RuntimeHelpers.IsReferenceOrContainsReferences<T>())
        {
            front.Clear();
            rest.Clear();
        }

        _head = rest.Length > 0 ? rest.Length : _head + first == _items.Length ? 0 : _head + first;
        _count -= into.Length;
    }

    /// <summary>Pops the top sleeper, chaining it in front of <paramref name="woken"/>; returns the chain.</summary>
    private ConsumerWait? PopSleeper(ConsumerWait? woken)
    {
        var wait = _sleepers;
        if (wait is null)
        {
            return woken;
        }

        _sleepers = wait.Next;
        wait.Disarm();
        wait.Next = woken;
        return wait;
    }

    /// <summary>Wakes a chain of popped sleepers, outside the lock.</summary>
    private static void Wake(ConsumerWait? woken)
    {
        while (woken is not null)
        {
            var next = woken.Next;
            woken.Next = null;
            woken.Wake();
            woken = next;
        }
    }

    private sealed class FlowChannelReader(FlowChannel<T> channel) : ChannelReader<T>
    {
        public override bool CanCount => true;

        public override bool CanPeek => true;

        public override int Count => channel.Count;

        public override Task Completion => channel._completion.Task;

        public override bool TryRead(out T item)
        {
            item = default!;
            return channel.TakeUpTo(new Span<T>(ref item)) == 1;
        }

        public override bool TryPeek(out T item) => channel.TryPeek(out item);

        public override ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken = default) =>
            channel.WaitToReadAsync(cancellationToken);
    }

    private sealed class FlowChannelWriter(FlowChannel<T> channel) : ChannelWriter<T>
    {
        public override bool TryWrite(T item) => channel.TryWrite(item);

        public override ValueTask WriteAsync(T item, CancellationToken cancellationToken = default) =>
            channel.WriteAsync(item, cancellationToken);

        public override ValueTask<bool> WaitToWriteAsync(CancellationToken cancellationToken = default) =>
            channel.WaitToWriteAsync(cancellationToken);

        public override bool TryComplete(Exception? error = null) => channel.TryComplete(error);
    }
}
