namespace FlowSdk.Hosting;

/// <summary>
/// The instance messages of one flow, one FIFO lane per instance, served round-robin: a consumer that holds a ticket
/// from the flow's channel takes the next message of the next instance in turn, so an instance with a deep backlog
/// gets one turn per round like every other instance. A lane below its concurrency cap is eligible; a lane at the cap
/// waits for one of its executions to finish. Lanes exist only while they hold or run messages.
/// </summary>
/// <typeparam name="TItem">The queued message.</typeparam>
internal sealed class InstanceLanes<TItem>
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Lane> _lanes = new(StringComparer.Ordinal);
    private readonly Queue<Lane> _ready = new();
    private readonly Queue<TaskCompletionSource> _waiters = new();
    private readonly int _maxRunning;
    private readonly int _capacity;
    private int _queued;

    /// <param name="maxRunningPerInstance">Executions of one instance at once; 0 or less means no cap of its own.</param>
    /// <param name="capacityPerInstance">Messages of one instance waiting at once; 0 or less means no cap of its own.</param>
    public InstanceLanes(int maxRunningPerInstance, int capacityPerInstance)
    {
        _maxRunning = maxRunningPerInstance > 0 ? maxRunningPerInstance : int.MaxValue;
        _capacity = capacityPerInstance > 0 ? capacityPerInstance : int.MaxValue;
    }

    /// <summary>Messages waiting in all lanes.</summary>
    public int Queued => Volatile.Read(ref _queued);

    /// <summary>Reserves room for one message of <paramref name="instanceId"/>; false when its lane is full.</summary>
    public bool TryReserve(string instanceId)
    {
        lock (_gate)
        {
            var lane = GetOrCreate(instanceId);
            if (lane.Waiting + lane.Reserved >= _capacity)
            {
                RemoveIfIdle(lane);
                return false;
            }

            lane.Reserved++;
            return true;
        }
    }

    /// <summary>Reserves room for one message of <paramref name="instanceId"/>, waiting while its lane is full.</summary>
    public async ValueTask ReserveAsync(string instanceId, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task space;
            lock (_gate)
            {
                var lane = GetOrCreate(instanceId);
                if (lane.Waiting + lane.Reserved < _capacity)
                {
                    lane.Reserved++;
                    return;
                }

                lane.Space ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                space = lane.Space.Task;
            }

            await space.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Gives back a reservation whose message was not enqueued after all.</summary>
    public void CancelReservation(string instanceId)
    {
        lock (_gate)
        {
            if (_lanes.TryGetValue(instanceId, out var lane))
            {
                lane.Reserved--;
                RemoveIfIdle(lane);
            }
        }
    }

    /// <summary>Adds a message on a reservation and wakes a waiting consumer.</summary>
    public void Add(string instanceId, TItem item)
    {
        TaskCompletionSource? wake = null;
        lock (_gate)
        {
            var lane = GetOrCreate(instanceId);
            lane.Reserved--;
            lane.Items.Enqueue(item);
            _queued++;
            if (MakeReady(lane))
            {
                _waiters.TryDequeue(out wake);
            }
        }

        wake?.TrySetResult();
    }

    /// <summary>Takes the next message round-robin, waiting while every lane that has messages is at its cap.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired while waiting.</exception>
    public async ValueTask<Taken> TakeAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            TaskCompletionSource waiter;
            TaskCompletionSource? next = null;
            lock (_gate)
            {
                if (TryTakeLocked(out var taken))
                {
                    // More eligible work and someone asleep: pass the wake-up on.
                    if (_ready.Count > 0)
                    {
                        _waiters.TryDequeue(out next);
                    }

                    next?.TrySetResult();
                    return taken;
                }

                waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiters.Enqueue(waiter);
            }

            await waiter.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Takes any waiting message, caps ignored (messages abandoned at shutdown).</summary>
    public bool TryTakeAny(out TItem item)
    {
        lock (_gate)
        {
            foreach (var lane in _lanes.Values)
            {
                if (lane.Items.TryDequeue(out item!))
                {
                    _queued--;
                    return true;
                }
            }
        }

        item = default!;
        return false;
    }

    /// <summary>Ends an execution taken from <paramref name="lane"/>; its lane may become eligible again.</summary>
    public void Release(Lane lane)
    {
        TaskCompletionSource? wake = null;
        lock (_gate)
        {
            lane.Running--;
            if (MakeReady(lane))
            {
                _waiters.TryDequeue(out wake);
            }

            RemoveIfIdle(lane);
        }

        wake?.TrySetResult();
    }

    private bool TryTakeLocked(out Taken taken)
    {
        while (_ready.TryDequeue(out var lane))
        {
            lane.InReady = false;
            if (lane.Running >= _maxRunning || !lane.Items.TryDequeue(out var item))
            {
                // Parked: Release or Add puts it back in turn.
                RemoveIfIdle(lane);
                continue;
            }

            _queued--;
            lane.Running++;
            lane.Space?.TrySetResult();
            lane.Space = null;
            MakeReady(lane);
            taken = new Taken(item, lane);
            return true;
        }

        taken = default;
        return false;
    }

    /// <summary>Puts an eligible lane at the end of the round; true when it was added.</summary>
    private bool MakeReady(Lane lane)
    {
        if (lane.InReady || lane.Items.Count == 0 || lane.Running >= _maxRunning)
        {
            return false;
        }

        lane.InReady = true;
        _ready.Enqueue(lane);
        return true;
    }

    private Lane GetOrCreate(string instanceId)
    {
        if (!_lanes.TryGetValue(instanceId, out var lane))
        {
            lane = new Lane(instanceId);
            _lanes.Add(instanceId, lane);
        }

        return lane;
    }

    private void RemoveIfIdle(Lane lane)
    {
        if (lane.Items.Count == 0 && lane.Running == 0 && lane.Reserved == 0 && !lane.InReady && lane.Space is null)
        {
            _lanes.Remove(lane.InstanceId);
        }
    }

    /// <summary>A message and the lane to release when its execution ends.</summary>
    public readonly record struct Taken(TItem Item, Lane Lane);

    /// <summary>One instance's queue and counters; guarded by the owner's lock.</summary>
    internal sealed class Lane(string instanceId)
    {
        public string InstanceId { get; } = instanceId;

        public Queue<TItem> Items { get; } = new();

        public int Waiting => Items.Count;

        public int Reserved { get; set; }

        public int Running { get; set; }

        public bool InReady { get; set; }

        public TaskCompletionSource? Space { get; set; }
    }
}
