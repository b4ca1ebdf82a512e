namespace FlowSdk.Hosting;

/// <summary>
/// Told about every finished execution of every flow (after its retries). Register implementations as singletons;
/// they run on the consumer loop, so keep them short and non-blocking. With none registered, nothing is called.
/// </summary>
public interface IFlowExecutionListener
{
    /// <summary>Called once per execution when it finished; an exception thrown here is logged and ignored.</summary>
    void OnExecutionFinished(in FlowExecutionReport report);
}

/// <summary>What a <see cref="IFlowExecutionListener"/> learns about a finished execution.</summary>
public readonly struct FlowExecutionReport
{
    /// <summary>Creates a report.</summary>
    public FlowExecutionReport(string flowName, string instanceId, Guid executionId, FlowOutcome outcome, string? failedStep, Exception? exception, int attempts, TimeSpan duration)
    {
        FlowName = flowName;
        InstanceId = instanceId;
        ExecutionId = executionId;
        Outcome = outcome;
        FailedStep = failedStep;
        Exception = exception;
        Attempts = attempts;
        Duration = duration;
    }

    /// <summary>Creates a report with the execution's times, its trigger and its instance binding.</summary>
    public FlowExecutionReport(string flowName, string instanceId, Guid executionId, FlowOutcome outcome, string? failedStep, Exception? exception, int attempts, TimeSpan duration, DateTimeOffset startedAt, DateTimeOffset endedAt, string? trigger, FlowInstanceBinding? instance)
        : this(flowName, instanceId, executionId, outcome, failedStep, exception, attempts, duration)
    {
        StartedAt = startedAt;
        EndedAt = endedAt;
        Trigger = trigger;
        Instance = instance;
    }

    /// <summary>The flow's name.</summary>
    public string FlowName { get; }

    /// <summary>The instance the execution ran for.</summary>
    public string InstanceId { get; }

    /// <summary>The execution id the trigger handed out.</summary>
    public Guid ExecutionId { get; }

    /// <summary>How the execution ended (a failed execution went to the dead-letter sink).</summary>
    public FlowOutcome Outcome { get; }

    /// <summary>The failing step of a failed execution, or null.</summary>
    public string? FailedStep { get; }

    /// <summary>The exception of a failed execution, or null.</summary>
    public Exception? Exception { get; }

    /// <summary>How many attempts ran.</summary>
    public int Attempts { get; }

    /// <summary>How long the execution took, retries included.</summary>
    public TimeSpan Duration { get; }

    /// <summary>When the execution started, on the host's <see cref="TimeProvider"/>.</summary>
    public DateTimeOffset StartedAt { get; }

    /// <summary>When the execution ended, on the host's <see cref="TimeProvider"/>.</summary>
    public DateTimeOffset EndedAt { get; }

    /// <summary>What enqueued the message (<see cref="FlowTriggerNames"/>), or null when the caller did not say.</summary>
    public string? Trigger { get; }

    /// <summary>The instance binding the message was enqueued with, or null for the default instance.</summary>
    public FlowInstanceBinding? Instance { get; }

    /// <summary>Which delivery of the message ran (<see cref="FlowContext.Delivery"/>): 1 unless a stored message ran again after a crash.</summary>
    public int Delivery { get; init; } = 1;

    /// <summary>
    /// The step journal of the execution's last attempt (<see cref="FlowOptions.Journal"/>), in step order, the steps that
    /// ran; null when the flow keeps no journal or the execution ran for the default instance.
    /// </summary>
    public IReadOnlyList<FlowJournalStep>? Steps { get; init; }
}
