namespace FlowSdk.Hosting;

/// <summary>
/// Schedules added, changed and removed while the host runs, served by the host's one scheduler loop next to the
/// <see cref="ScheduleTriggerAttribute"/> schedules: no thread or timer per schedule, so thousands of instance schedules
/// cost a heap entry each. A change is picked up at once (the loop wakes up and re-plans it from the current time).
/// </summary>
public sealed class FlowScheduleRegistry
{
    private readonly FlowRuntime _runtime;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, FlowScheduler.Entry> _entries = new(StringComparer.Ordinal);
    private readonly HashSet<string> _suspended = new(StringComparer.Ordinal);
    private readonly Queue<FlowScheduler.Entry> _pending = new();
    private readonly List<(long Count, TaskCompletionSource Source)> _plannedWaiters = [];
    private Action? _wake;
    private long _sets;
    private long _planned;

    /// <summary>Creates the registry over the host's runners.</summary>
    public FlowScheduleRegistry(FlowRuntime runtime)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        _runtime = runtime;
    }

    /// <summary>How many run-time schedules are registered.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>
    /// Adds the schedule <paramref name="key"/>, or replaces it: ticks of flow <paramref name="flowName"/> on
    /// <paramref name="cron"/> (5 fields, or 6 with seconds first) in <paramref name="timeZone"/> (UTC when null), enqueued
    /// for <paramref name="instance"/> (the default instance when null). The missed-tick and overlap policy of
    /// <see cref="ScheduleTriggerAttribute"/> schedules applies.
    /// </summary>
    /// <exception cref="KeyNotFoundException">No flow of that name is registered.</exception>
    /// <exception cref="InvalidOperationException">The flow's first step does not take <see cref="ScheduledTick"/>, the cron expression is invalid or the time zone unknown.</exception>
    public void Set(string key, string flowName, string cron, string? timeZone = null, FlowInstanceBinding? instance = null, bool allowOverlap = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentException.ThrowIfNullOrEmpty(cron);
        var runner = _runtime.GetRunner(flowName);
        var queue = FlowRuntime.QueueFor<ScheduledTick>(runner)
            ?? throw new InvalidOperationException($"Flow '{flowName}' cannot be scheduled: neither its first step nor an entry takes ScheduledTick.");
        var schedule = CronSchedule.Parse(flowName, new ScheduleTriggerAttribute(cron) { TimeZone = timeZone });
        var entry = new FlowScheduler.Entry(flowName, queue, schedule, allowOverlap, instance);
        Action? wake;
        lock (_gate)
        {
            if (_entries.Remove(key, out var previous))
            {
                previous.Removed = true;
            }

            _entries.Add(key, entry);
            _pending.Enqueue(entry);
            _sets++;
            wake = _wake;
        }

        wake?.Invoke();
    }

    /// <summary>Removes the schedule <paramref name="key"/>; it fires no more.</summary>
    /// <returns>False when there was none.</returns>
    public bool Remove(string key)
    {
        lock (_gate)
        {
            if (!_entries.Remove(key, out var entry))
            {
                return false;
            }

            entry.Removed = true;
            return true;
        }
    }

    /// <summary>
    /// Stops the <see cref="ScheduleTriggerAttribute"/> schedules of <paramref name="flowName"/> for the default instance,
    /// for a flow that only runs as instances (each on its own schedule). Run-time schedules are not affected.
    /// </summary>
    public void SuspendAttributeSchedules(string flowName)
    {
        ArgumentException.ThrowIfNullOrEmpty(flowName);
        lock (_gate)
        {
            _suspended.Add(flowName);
        }
    }

    internal bool IsSuspended(string flowName)
    {
        lock (_gate)
        {
            return _suspended.Contains(flowName);
        }
    }

    /// <summary>Called by the scheduler loop: who to wake on a change, and the entries to plan since the last call.</summary>
    internal void Attach(Action wake)
    {
        lock (_gate)
        {
            _wake = wake;
        }
    }

    /// <summary>Takes the entries set since the last call; returns how many sets that covers.</summary>
    internal long TakePending(List<FlowScheduler.Entry> into)
    {
        lock (_gate)
        {
            while (_pending.TryDequeue(out var entry))
            {
                if (!entry.Removed)
                {
                    into.Add(entry);
                }
            }

            return _sets;
        }
    }

    /// <summary>The scheduler planned every entry of the first <paramref name="sets"/> sets.</summary>
    internal void MarkPlanned(long sets)
    {
        lock (_gate)
        {
            _planned = Math.Max(_planned, sets);
            for (var i = _plannedWaiters.Count - 1; i >= 0; i--)
            {
                if (_plannedWaiters[i].Count <= _planned)
                {
                    _plannedWaiters[i].Source.TrySetResult();
                    _plannedWaiters.RemoveAt(i);
                }
            }
        }
    }

    /// <summary>Completes once the scheduler planned every schedule set so far (tests on a fake clock wait for it).</summary>
    internal Task WhenPlanned()
    {
        lock (_gate)
        {
            if (_planned >= _sets)
            {
                return Task.CompletedTask;
            }

            var source = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _plannedWaiters.Add((_sets, source));
            return source.Task;
        }
    }
}
