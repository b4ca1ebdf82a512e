using Microsoft.Extensions.Logging;

namespace FlowSdk.Hosting;

/// <summary>Source-generated log messages; every execution message carries the flow name and the execution id.</summary>
internal static partial class Log
{
    [LoggerMessage(1001, LogLevel.Information, "Flow {FlowName} started: capacity {Capacity}, {MaxConcurrency} consumer(s)")]
    public static partial void RunnerStarted(ILogger logger, string flowName, int capacity, int maxConcurrency);

    [LoggerMessage(1002, LogLevel.Debug, "Flow {FlowName} execution {ExecutionId} {Outcome} in {ElapsedMilliseconds} ms")]
    public static partial void ExecutionFinished(ILogger logger, string flowName, Guid executionId, string outcome, double elapsedMilliseconds);

    [LoggerMessage(1003, LogLevel.Warning, "Flow {FlowName} execution {ExecutionId} attempt {Attempt} of {MaxAttempts} failed at step {Step}; retrying")]
    public static partial void AttemptFailed(ILogger logger, string flowName, Guid executionId, int attempt, int maxAttempts, string? step, Exception? exception);

    [LoggerMessage(1004, LogLevel.Error, "Flow {FlowName} execution {ExecutionId} failed at step {Step} after {Attempts} attempt(s); sent to the dead-letter sink")]
    public static partial void DeadLettered(ILogger logger, string flowName, Guid executionId, string? step, int attempts, Exception? exception);

    [LoggerMessage(1005, LogLevel.Error, "Flow {FlowName} execution {ExecutionId}: the dead-letter sink failed")]
    public static partial void DeadLetterSinkFailed(ILogger logger, string flowName, Guid executionId, Exception exception);

    [LoggerMessage(1006, LogLevel.Information, "Flow {FlowName} stopping: draining {Queued} queued message(s)")]
    public static partial void Draining(ILogger logger, string flowName, int queued);

    [LoggerMessage(1007, LogLevel.Error, "Flow {FlowName} did not drain within the shutdown timeout: in-flight executions cancelled, {Abandoned} queued message(s) sent to the dead-letter sink")]
    public static partial void DrainTimedOut(ILogger logger, string flowName, int abandoned);

    [LoggerMessage(1016, LogLevel.Warning, "Flow {FlowName} did not drain within the shutdown timeout: in-flight executions cancelled; their claims and {Released} claimed message(s) were given back to the store, to run at the next start or on another node")]
    public static partial void DrainTimedOutDurable(ILogger logger, string flowName, int released);

    [LoggerMessage(1008, LogLevel.Information, "Flow {FlowName} stopped")]
    public static partial void RunnerStopped(ILogger logger, string flowName);

    [LoggerMessage(1009, LogLevel.Error, "Flow {FlowName} execution {ExecutionId} threw outside its steps")]
    public static partial void ExecutionCrashed(ILogger logger, string flowName, Guid executionId, Exception exception);

    [LoggerMessage(1010, LogLevel.Debug, "Flow {FlowName} schedule '{Cron}' fired execution {ExecutionId} for {ScheduledAt:o}")]
    public static partial void ScheduleFired(ILogger logger, string flowName, string cron, Guid executionId, DateTimeOffset scheduledAt);

    [LoggerMessage(1011, LogLevel.Information, "Flow {FlowName} schedule '{Cron}' skipped the tick of {ScheduledAt:o}: the previous run is still going")]
    public static partial void ScheduleSkippedOverlap(ILogger logger, string flowName, string cron, DateTimeOffset scheduledAt);

    [LoggerMessage(1012, LogLevel.Warning, "Flow {FlowName} schedule '{Cron}' skipped the tick of {ScheduledAt:o}: the queue is full, the flow is stopping or the message store cannot be reached")]
    public static partial void ScheduleSkippedFull(ILogger logger, string flowName, string cron, DateTimeOffset scheduledAt);

    [LoggerMessage(1017, LogLevel.Debug, "Flow {FlowName} schedule '{Cron}': the tick of {ScheduledAt:o} was already accepted by another node")]
    public static partial void ScheduleFiredElsewhere(ILogger logger, string flowName, string cron, DateTimeOffset scheduledAt);

    [LoggerMessage(1018, LogLevel.Error, "Flow {FlowName} schedule '{Cron}': the tick of {ScheduledAt:o} could not be offered")]
    public static partial void ScheduleFireFailed(ILogger logger, string flowName, string cron, DateTimeOffset scheduledAt, Exception exception);

    [LoggerMessage(1019, LogLevel.Information, "Flow {FlowName} schedule '{Cron}' missed occurrences since {LastOccurrence:o} while no node ran it; running the latest, {ScheduledAt:o}, once")]
    public static partial void ScheduleMisfire(ILogger logger, string flowName, string cron, DateTimeOffset scheduledAt, DateTimeOffset lastOccurrence);

    [LoggerMessage(1020, LogLevel.Error, "Flow {FlowName}: {InFlight} execution(s) went on after cancellation at shutdown; what they report now is lost (a stored message runs again once its lease lapses)")]
    public static partial void ExecutionsIgnoredCancellation(ILogger logger, string flowName, int inFlight);

    [LoggerMessage(1013, LogLevel.Debug, "Flow {FlowName} schedule '{Cron}' ({TimeZone}) next fires at {Next:o}")]
    public static partial void ScheduleNext(ILogger logger, string flowName, string cron, string timeZone, DateTimeOffset next);

    [LoggerMessage(1014, LogLevel.Error, "The dead-letter sink dropped the oldest letter (flow {FlowName}, execution {ExecutionId}) to stay within its capacity")]
    public static partial void DeadLetterEvicted(ILogger logger, string flowName, Guid executionId);

    [LoggerMessage(1015, LogLevel.Error, "Flow {FlowName} execution {ExecutionId}: an execution listener failed")]
    public static partial void ListenerFailed(ILogger logger, string flowName, Guid executionId, Exception exception);
}
