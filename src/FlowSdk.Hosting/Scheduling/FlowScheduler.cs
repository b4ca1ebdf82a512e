using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FlowSdk.Hosting;

/// <summary>
/// The one scheduler of a host: a single loop on <see cref="TimeProvider"/> that sleeps until the earliest due cron
/// occurrence of every <see cref="ScheduleTriggerAttribute"/> and every <see cref="FlowScheduleRegistry"/> schedule and
/// enqueues a <see cref="ScheduledTick"/> into the flow's queue. Due times sit in a heap, so a wake-up costs the
/// schedules that are due, not all of them.
/// </summary>
/// <remarks>
/// Missed-tick policy: a schedule fires at most once per due occurrence and never catches up. When the loop wakes up
/// late (a paused process, a clock jump, a busy machine), every schedule that is due fires once, with
/// <see cref="ScheduledTick.ScheduledAt"/> set to the occurrence it waited for, and its next occurrence is computed
/// from the current time, so occurrences in between are skipped. Occurrences while the host is not running are never
/// replayed. A tick whose previous run of the same schedule is still queued or running is skipped (logged) unless the
/// trigger sets <see cref="ScheduleTriggerAttribute.AllowOverlap"/>; a tick that finds the queue full is skipped
/// (logged as a warning and counted as rejected).
/// </remarks>
internal sealed class FlowScheduler : BackgroundService
{
    private readonly FlowRuntime _runtime;
    private readonly FlowScheduleRegistry? _registry;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly PriorityQueue<Entry, DateTimeOffset> _due = new();
    private CancellationTokenSource _wake = new();

    public FlowScheduler(FlowRuntime runtime, TimeProvider? time = null, ILogger<FlowScheduler>? logger = null, FlowScheduleRegistry? registry = null)
    {
        _runtime = runtime;
        _registry = registry;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        Entries = [.. CreateEntries()];
    }

    /// <summary>The <see cref="ScheduleTriggerAttribute"/> schedules.</summary>
    internal IReadOnlyList<Entry> Entries { get; }

    private IEnumerable<Entry> CreateEntries()
    {
        foreach (var runner in _runtime.Runners)
        {
            foreach (var trigger in runner.Definition.Triggers)
            {
                if (trigger is not ScheduleTriggerAttribute schedule)
                {
                    continue;
                }

                var queue = FlowRuntime.QueueFor<ScheduledTick>(runner)
                    ?? throw new InvalidOperationException($"Flow '{runner.Definition.Name}' has a [ScheduleTrigger] but neither its first step nor an entry takes ScheduledTick.");
                yield return new Entry(runner.Definition.Name, queue, CronSchedule.Parse(runner.Definition.Name, schedule), schedule.AllowOverlap, null) { FromAttribute = true };
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (Entries.Count == 0 && _registry is null)
        {
            return;
        }

        var now = _time.GetUtcNow();
        foreach (var entry in Entries)
        {
            if (_registry?.IsSuspended(entry.FlowName) == true)
            {
                continue;
            }

            Plan(entry, now);
            entry.CatchUp(now, _logger);
        }

        _registry?.Attach(Wake);
        var added = new List<Entry>();
        while (!stoppingToken.IsCancellationRequested)
        {
            // A fresh wake source before reading the changes: a change after this point cancels the wait below.
            // The old source is not disposed: a concurrent Wake may still be cancelling it.
            var wake = new CancellationTokenSource();
            Volatile.Write(ref _wake, wake);
            if (_registry is not null)
            {
                var sets = _registry.TakePending(added);
                now = _time.GetUtcNow();
                foreach (var entry in added)
                {
                    Plan(entry, now);
                    entry.CatchUp(now, _logger);
                }

                added.Clear();
                _registry.MarkPlanned(sets);
            }

            var hasDue = TryPeekLive(out var earliest);
            if (!hasDue && _registry is null)
            {
                return;
            }

            using (var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, wake.Token))
            {
                try
                {
                    if (!hasDue)
                    {
                        await Task.Delay(Timeout.Infinite, linked.Token).ConfigureAwait(false);
                    }
                    else if (earliest - _time.GetUtcNow() is var wait && wait > TimeSpan.Zero)
                    {
                        var delay = Task.Delay(wait, _time, linked.Token);

                        // The timer counts from when it was armed, the wait from the reading before. A clock that moved
                        // past the due time in between (a fake clock that a test advances) would leave the timer a whole
                        // move late: run what is due now instead.
                        if (_time.GetUtcNow() < earliest)
                        {
                            await delay.ConfigureAwait(false);
                        }
                        else
                        {
                            await linked.CancelAsync().ConfigureAwait(false);
                        }
                    }
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
                catch (OperationCanceledException) when (wake.IsCancellationRequested)
                {
                    continue;
                }
            }

            now = _time.GetUtcNow();
            while (_due.TryPeek(out var entry, out var due) && due <= now)
            {
                _due.Dequeue();
                if (entry.Removed || entry.NextDue != due)
                {
                    continue;
                }

                if (entry.FromAttribute && _registry?.IsSuspended(entry.FlowName) == true)
                {
                    // The flow runs as instances now; its attribute schedule is dropped, not re-planned.
                    continue;
                }

                entry.Fire(due, now, _logger);
                Plan(entry, now);
            }
        }
    }

    /// <summary>Ends the loop's current wait; the callbacks run on the thread pool, never on the caller's thread.</summary>
    private void Wake()
    {
        try
        {
            _ = Volatile.Read(ref _wake).CancelAsync();
        }
        catch (ObjectDisposedException)
        {
            // The scheduler was disposed; there is nothing to wake.
        }
    }

    private void Plan(Entry entry, DateTimeOffset now)
    {
        entry.Plan(now, _logger);
        if (entry.NextDue is { } next)
        {
            _due.Enqueue(entry, next);
        }
    }

    /// <summary>The earliest due time of a schedule still registered; removed ones are dropped on the way.</summary>
    private bool TryPeekLive(out DateTimeOffset due)
    {
        while (_due.TryPeek(out var entry, out due))
        {
            if (!entry.Removed && entry.NextDue == due)
            {
                return true;
            }

            _due.Dequeue();
        }

        return false;
    }

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }

    /// <summary>One schedule of one flow (and instance) and whether its last run is still going.</summary>
    internal sealed class Entry(string flowName, IFlowQueue<ScheduledTick> queue, CronSchedule schedule, bool allowOverlap, FlowInstanceBinding? instance) : IFlowExecutionObserver
    {
        private int _running;
        private volatile bool _removed;

        public string FlowName { get; } = flowName;

        public CronSchedule Schedule { get; } = schedule;

        public FlowInstanceBinding? Instance { get; } = instance;

        public DateTimeOffset? NextDue { get; private set; }

        /// <summary>True for a <see cref="ScheduleTriggerAttribute"/> schedule, false for a registry one.</summary>
        public bool FromAttribute { get; init; }

        /// <summary>Set when the schedule was removed or replaced; the loop drops it.</summary>
        public bool Removed
        {
            get => _removed;
            set => _removed = value;
        }

        public void Plan(DateTimeOffset now, ILogger logger)
        {
            NextDue = Schedule.Next(now);
            if (NextDue is { } next)
            {
                Log.ScheduleNext(logger, FlowName, Schedule.Text, Schedule.Zone.Id, next);
            }
        }

        /// <summary>
        /// A durable schedule that missed occurrences while no node ran it runs the latest of them once (the store keeps
        /// one message per occurrence, so several nodes starting at once run it once).
        /// </summary>
        public void CatchUp(DateTimeOffset now, ILogger logger)
        {
            if (queue.IsDurable)
            {
                _ = CatchUpAsync(now, logger);
            }
        }

        private async Task CatchUpAsync(DateTimeOffset now, ILogger logger)
        {
            try
            {
                if (await queue.LastOccurrenceToCatchUpAsync(Instance).ConfigureAwait(false) is { } last && Schedule.Latest(last, now) is { } missed)
                {
                    Log.ScheduleMisfire(logger, FlowName, Schedule.Text, missed, last);
                    Fire(missed, now, logger);
                }
            }
#pragma warning disable CA1031 // A failed catch-up is logged; the schedule goes on with its next occurrence.
            catch (Exception e)
#pragma warning restore CA1031
            {
                Log.ScheduleFireFailed(logger, FlowName, Schedule.Text, now, e);
            }
        }

        public void Fire(DateTimeOffset scheduledAt, DateTimeOffset firedAt, ILogger logger)
        {
            // In memory this guard keeps runs from overlapping; a durable flow's store refuses an overlapping occurrence itself.
            var guard = !allowOverlap && !queue.IsDurable;
            if (guard && Interlocked.CompareExchange(ref _running, 1, 0) != 0)
            {
                Log.ScheduleSkippedOverlap(logger, FlowName, Schedule.Text, scheduledAt);
                return;
            }

            var pending = queue.OfferOccurrenceAsync(new ScheduledTick(scheduledAt, firedAt), Instance, scheduledAt, allowOverlap, guard ? this : null);
            if (pending.IsCompletedSuccessfully)
            {
                Fired(pending.Result, scheduledAt, guard, logger);
            }
            else
            {
                _ = FiredAsync(pending, scheduledAt, guard, logger);
            }
        }

        private async Task FiredAsync(ValueTask<(FlowEnqueueStatus Status, MessageAcceptance Acceptance, Guid ExecutionId)> pending, DateTimeOffset scheduledAt, bool guard, ILogger logger)
        {
            try
            {
                Fired(await pending.ConfigureAwait(false), scheduledAt, guard, logger);
            }
#pragma warning disable CA1031 // A failed occurrence is logged; the schedule goes on with the next one.
            catch (Exception e)
#pragma warning restore CA1031
            {
                Log.ScheduleFireFailed(logger, FlowName, Schedule.Text, scheduledAt, e);
            }
        }

        private void Fired((FlowEnqueueStatus Status, MessageAcceptance Acceptance, Guid ExecutionId) result, DateTimeOffset scheduledAt, bool guard, ILogger logger)
        {
            if (result.Status != FlowEnqueueStatus.Accepted)
            {
                if (guard)
                {
                    Volatile.Write(ref _running, 0);
                }

                Log.ScheduleSkippedFull(logger, FlowName, Schedule.Text, scheduledAt);
                return;
            }

            switch (result.Acceptance)
            {
                case MessageAcceptance.Duplicate:
                    Log.ScheduleFiredElsewhere(logger, FlowName, Schedule.Text, scheduledAt);
                    break;
                case MessageAcceptance.Overlapping:
                    Log.ScheduleSkippedOverlap(logger, FlowName, Schedule.Text, scheduledAt);
                    break;
                default:
                    Log.ScheduleFired(logger, FlowName, Schedule.Text, result.ExecutionId, scheduledAt);
                    break;
            }
        }

        public void OnFinished(Guid executionId, FlowOutcome outcome) => Volatile.Write(ref _running, 0);

        public void OnAbandoned(Guid executionId) => Volatile.Write(ref _running, 0);
    }
}
