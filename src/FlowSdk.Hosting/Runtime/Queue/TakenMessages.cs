namespace FlowSdk.Hosting;

/// <summary>
/// The messages one consumer took from the in-memory channel in one turn and has not started yet. Taking each message
/// under the channel's lock while a producer writes under the same lock moves the lock between the two cores for every
/// message, which costs more than a flow's own glue; taking what is waiting under one take of the lock
/// (<see cref="IMessageBatchSource{T}.TakeUpTo"/>) leaves the producer the lock while the consumer runs them. With several consumers each has a batch of its own behind a lock of its own, which
/// only its owner takes per message, so the lock stays in the owner's cache; a consumer that finds nothing else takes
/// one of another's held messages (<see cref="TryTakeHeld"/>), so none holds work an idle one could start.
/// <see cref="Count"/> is read by the depth gauge from any thread.
/// </summary>
internal sealed class TakenMessages<T>(int size, bool stealable)
{
    private readonly T[] _items = new T[size];
    private readonly Lock? _lock = stealable ? new Lock() : null;
    private int _next;
    private int _count;
    private int _refilling;

    /// <summary>Taken and not started; a gauge's reading while the consumer refills may be off by one batch.</summary>
    public int Count => Math.Max(0, Volatile.Read(ref _count) - Volatile.Read(ref _next));

    /// <summary>
    /// Whether taken messages wait or a refill is under way: what an idle consumer looks at after it registered its
    /// wait on the channel (<see cref="IdleWait{T}"/>). The owner marks a refill before it takes from the channel, so a
    /// look after the registration sees every message a refill moved or is moving, without taking the lock: an idle
    /// look at every batch stays cheap with many consumers.
    /// </summary>
    public bool HasHeld => Volatile.Read(ref _refilling) != 0 || Count > 0;

    /// <summary>The owner's next message, taking up to a batch from <paramref name="source"/> once every taken one started.</summary>
    public bool TryTake(IMessageBatchSource<T> source, out T item)
    {
        if (_lock is null)
        {
            return TakeHeld(out item) || (Refill(source) && TakeHeld(out item));
        }

        lock (_lock)
        {
            return TakeHeld(out item) || (Refill(source) && TakeHeld(out item));
        }
    }

    /// <summary>
    /// The next taken message without reading more: what another consumer with nothing to do starts, and what an
    /// aborted consumer hands to the dead-letter sink.
    /// </summary>
    public bool TryTakeHeld(out T item)
    {
        if (_lock is null)
        {
            return TakeHeld(out item);
        }

        lock (_lock)
        {
            return TakeHeld(out item);
        }
    }

    private bool TakeHeld(out T item)
    {
        if (_next == _count)
        {
            item = default!;
            return false;
        }

        item = _items[_next++];
        return true;
    }

    private bool Refill(IMessageBatchSource<T> source)
    {
        // Marked with a full fence, so the mark is seen by any look that follows a take from the channel made after it.
        Interlocked.Exchange(ref _refilling, 1);

        // The batch that ran is cleared here, so no finished message stays reachable from the array.
        Array.Clear(_items, 0, _count);
        var count = source.TakeUpTo(_items);

        _next = 0;
        Volatile.Write(ref _count, count);
        Volatile.Write(ref _refilling, 0);
        return count > 0;
    }
}
