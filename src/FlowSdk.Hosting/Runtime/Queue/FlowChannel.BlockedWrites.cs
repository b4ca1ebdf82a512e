using System.Threading.Channels;
using System.Threading.Tasks.Sources;

namespace FlowSdk.Hosting;

// Writers waiting for room. Each keeps its message; a take that makes room writes the oldest ones in (so order is kept
// and no write can overtake them), then completes their waits outside the lock.
internal sealed partial class FlowChannel<T>
{
    private BlockedWrite? _blockedFirst;
    private BlockedWrite? _blockedLast;

    // One finished blocked write kept for the next: a producer that outpaces the consumers blocks once per batch taken.
    private BlockedWrite? _spare;

    private ValueTask WriteAsync(T item, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled(cancellationToken);
        }

        BlockedWrite? blocked = null;
        short version = 0;
        Woken woken = default;
        lock (_lock)
        {
            if (_completed)
            {
                return ValueTask.FromException(new ChannelClosedException(_error));
            }

            if (_count < _capacity)
            {
                woken = Write(item);
            }
            else
            {
                blocked = Interlocked.Exchange(ref _spare, null) ?? new BlockedWrite(this);
                version = blocked.Block(item, _blockedLast);
                if (_blockedLast is null)
                {
                    _blockedFirst = blocked;
                }
                else
                {
                    _blockedLast.Next = blocked;
                }

                _blockedLast = blocked;
            }
        }

        if (blocked is null)
        {
            woken.Wake();
            return default;
        }

        blocked.Watch(cancellationToken);
        return new ValueTask(blocked, version);
    }

    /// <summary>Writes the oldest blocked writes into the room a take made; returns them, chained, to complete.</summary>
    private BlockedWrite? WriteBlocked(int room, ref ConsumerWait? woken)
    {
        var first = _blockedFirst;
        BlockedWrite? last = null;
        var next = first;
        for (var i = 0; i < room && next is not null; i++)
        {
            Append(next.Unblock());
            woken = PopSleeper(woken);
            last = next;
            next = next.Next;
        }

        _blockedFirst = next;
        if (next is null)
        {
            _blockedLast = null;
        }
        else
        {
            next.Previous = null;
        }

        last!.Next = null;
        return first;
    }

    /// <summary>Takes a cancelled write out of the line; false when it was written or closed first.</summary>
    private bool Cancel(BlockedWrite blocked)
    {
        lock (_lock)
        {
            if (!blocked.IsBlocked)
            {
                return false;
            }

            if (blocked.Previous is null)
            {
                _blockedFirst = blocked.Next;
            }
            else
            {
                blocked.Previous.Next = blocked.Next;
            }

            if (blocked.Next is null)
            {
                _blockedLast = blocked.Previous;
            }
            else
            {
                blocked.Next.Previous = blocked.Previous;
            }

            blocked.Unblock();
            (blocked.Previous, blocked.Next) = (null, null);
            return true;
        }
    }

    private BlockedWrite? UnblockAll()
    {
        var first = _blockedFirst;
        for (var blocked = first; blocked is not null; blocked = blocked.Next)
        {
            blocked.Unblock();
        }

        (_blockedFirst, _blockedLast) = (null, null);
        return first;
    }

    /// <summary>Completes a chain of writes out of the line, outside the lock: written, or closed with <paramref name="error"/>.</summary>
    private static void Complete(BlockedWrite? chain, bool closed, Exception? error = null)
    {
        while (chain is not null)
        {
            var next = chain.Next;
            (chain.Previous, chain.Next) = (null, null);
            chain.Complete(closed ? new ChannelClosedException(error) : null);
            chain = next;
        }
    }

    /// <summary>One waiting write: its message, its place in the line and the wait its writer awaits.</summary>
    private sealed class BlockedWrite(FlowChannel<T> channel) : IValueTaskSource
    {
        private readonly FlowChannel<T> _channel = channel;
        private ManualResetValueTaskSourceCore<bool> _core = new() { RunContinuationsAsynchronously = true };
        private CancellationTokenRegistration _cancellation;
        private T _item = default!;

        public BlockedWrite? Previous;
        public BlockedWrite? Next;

        /// <summary>In the line; read and written under the channel's lock.</summary>
        public bool IsBlocked { get; private set; }

        public short Block(T item, BlockedWrite? previous)
        {
            _core.Reset();
            (_item, Previous, IsBlocked) = (item, previous, true);
            return _core.Version;
        }

        /// <summary>Out of the line: returns the message and lets go of it.</summary>
        public T Unblock()
        {
            var item = _item;
            (_item, IsBlocked) = (default!, false);
            return item;
        }

        public void Watch(CancellationToken cancellationToken)
        {
            if (cancellationToken.CanBeCanceled)
            {
                _cancellation = cancellationToken.UnsafeRegister(
                    static (state, token) =>
                    {
                        var blocked = (BlockedWrite)state!;
                        if (blocked._channel.Cancel(blocked))
                        {
                            blocked.Complete(new OperationCanceledException(token));
                        }
                    },
                    this);
            }
        }

        public void Complete(Exception? error)
        {
            if (error is null)
            {
                _core.SetResult(true);
            }
            else
            {
                _core.SetException(error);
            }
        }

        public void GetResult(short token)
        {
            try
            {
                _core.GetResult(token);
            }
            finally
            {
                // Waits for a cancellation callback under way, so none reaches this object once it is reused.
                _cancellation.Dispose();
                _cancellation = default;
                Interlocked.CompareExchange(ref _channel._spare, this, null);
            }
        }

        public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

        public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
            _core.OnCompleted(continuation, state, token, flags);
    }
}
