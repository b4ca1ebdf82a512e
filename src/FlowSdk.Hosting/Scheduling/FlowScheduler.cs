using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FlowSdk.Hosting;

/// <summary>
/// The one scheduler of a host: a single loop on <see cref="TimeProvider"/> that sleeps until the earliest due cron
/// occurrence of every <see cref="ScheduleTriggerAttribute"/> and enqueues a <see cref="ScheduledTick"/> into the
/// flow's queue.
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
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public FlowScheduler(FlowRuntime runtime, TimeProvider? time = null, ILogger<FlowScheduler>? logger = null)
    {
        _runtime = runtime;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        Entries = [.. CreateEntries()];
    }

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

                var queue = runner as IFlowQueue<ScheduledTick>
                    ?? throw new InvalidOperationException($"Flow '{runner.Definition.Name}' has a [ScheduleTrigger] but its first step does not take ScheduledTick.");
                yield return new Entry(runner.Definition.Name, queue, CronSchedule.Parse(runner.Definition.Name, schedule), schedule.AllowOverlap);
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (Entries.Count == 0)
        {
            return;
        }

        var now = _time.GetUtcNow();
        foreach (var entry in Entries)
        {
            entry.Plan(now, _logger);
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            DateTimeOffset? earliest = null;
            foreach (var entry in Entries)
            {
                if (entry.NextDue is { } due && (earliest is null || due < earliest))
                {
                    earliest = due;
                }
            }

            if (earliest is null)
            {
                return;
            }

            var wait = earliest.Value - _time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(wait, _time, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
            }

            now = _time.GetUtcNow();
            foreach (var entry in Entries)
            {
                if (entry.NextDue is { } due && due <= now)
                {
                    entry.Fire(due, now, _logger);
                    entry.Plan(now, _logger);
                }
            }
        }
    }

    /// <summary>One schedule of one flow and whether its last run is still going.</summary>
    internal sealed class Entry(string flowName, IFlowQueue<ScheduledTick> queue, CronSchedule schedule, bool allowOverlap) : IFlowExecutionObserver
    {
        private int _running;

        public string FlowName { get; } = flowName;

        public CronSchedule Schedule { get; } = schedule;

        public DateTimeOffset? NextDue { get; private set; }

        public void Plan(DateTimeOffset now, ILogger logger)
        {
            NextDue = Schedule.Next(now);
            if (NextDue is { } next)
            {
                Log.ScheduleNext(logger, FlowName, Schedule.Text, Schedule.Zone.Id, next);
            }
        }

        public void Fire(DateTimeOffset scheduledAt, DateTimeOffset firedAt, ILogger logger)
        {
            if (!allowOverlap && Interlocked.CompareExchange(ref _running, 1, 0) != 0)
            {
                Log.ScheduleSkippedOverlap(logger, FlowName, Schedule.Text, scheduledAt);
                return;
            }

            if (queue.TryEnqueue(new ScheduledTick(scheduledAt, firedAt), allowOverlap ? null : this, default, out var executionId))
            {
                Log.ScheduleFired(logger, FlowName, Schedule.Text, executionId, scheduledAt);
                return;
            }

            Volatile.Write(ref _running, 0);
            Log.ScheduleSkippedFull(logger, FlowName, Schedule.Text, scheduledAt);
        }

        public void OnFinished(Guid executionId, FlowOutcome outcome) => Volatile.Write(ref _running, 0);

        public void OnAbandoned(Guid executionId) => Volatile.Write(ref _running, 0);
    }
}
