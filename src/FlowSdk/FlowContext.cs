namespace FlowSdk;

/// <summary>
/// The per-execution context a step can take as a parameter: which flow, which instance, which execution and when it
/// started. A host reuses one context per consumer and calls <see cref="Begin(Guid, DateTimeOffset)"/> for every message,
/// so a run allocates none.
/// </summary>
public class FlowContext
{
    /// <summary>Creates a context for <paramref name="flowName"/> and the default instance, ready for a first execution.</summary>
    public FlowContext(string flowName, string instanceId = DefaultInstanceId)
    {
        FlowName = flowName;
        InstanceId = instanceId;
        ExecutionId = Guid.NewGuid();
        StartedAt = DateTimeOffset.UtcNow;
    }

    /// <summary>Creates a context for an instance of <paramref name="flowName"/> with its configuration.</summary>
    public FlowContext(string flowName, string instanceId, object? configuration)
        : this(flowName, instanceId)
    {
        Configuration = configuration;
    }

    /// <summary>The instance id of a flow that runs without per-customer instances.</summary>
    public const string DefaultInstanceId = "default";

    /// <summary>The flow's stable name from <see cref="FlowAttribute"/>.</summary>
    public string FlowName { get; }

    /// <summary>The instance (customer deployment) this execution runs for.</summary>
    public string InstanceId { get; private set; }

    /// <summary>The unique id of the current execution.</summary>
    public Guid ExecutionId { get; private set; }

    /// <summary>
    /// When the current execution started. The FlowSdk host reads the precise clock when something records the
    /// execution (listeners such as history, duration metrics, a span, the debug log, a message store); otherwise it
    /// reads a coarse clock (millisecond values, a resolution of a few milliseconds) that costs a few ns instead of tens.
    /// </summary>
    public DateTimeOffset StartedAt { get; private set; }

    /// <summary>
    /// Which delivery of the message this is: 1 the first time; more when a stored message runs again because the
    /// node that ran it before crashed or lost its lease (at-least-once). A step with side effects can check it, with
    /// <see cref="ExecutionId"/> as its idempotency key, which stays the same on every delivery.
    /// </summary>
    public int Delivery { get; private set; } = 1;

    /// <summary>The instance's configuration object, when the flow runs as an instance; otherwise null.</summary>
    public object? Configuration { get; private set; }

    /// <summary>
    /// The instance's configuration as the flow's declared configuration type. Generated code calls this for steps
    /// that take the configuration as a parameter.
    /// </summary>
    /// <exception cref="InvalidOperationException">The execution runs without a configuration of that type.</exception>
    public T GetConfiguration<T>()
        where T : class =>
        Configuration as T ?? throw new InvalidOperationException(
            Configuration is null
                ? $"Flow '{FlowName}' runs without an instance configuration; deploy it as an instance or pass a FlowContext that carries a {typeof(T).Name}."
                : $"Flow '{FlowName}' instance '{InstanceId}' carries a {Configuration.GetType().Name}, not the {typeof(T).Name} its steps take.");

    /// <summary>Sees every step start on this context (tracing, step timing); null when nothing observes.</summary>
    public IFlowStepObserver? StepObserver { get; set; }

    /// <summary>
    /// Called by generated code as step <paramref name="index"/> starts; tells the observer, if any, and returns
    /// <paramref name="name"/> so the pipeline can name the step if it fails.
    /// </summary>
    public string EnterStep(int index, string name)
    {
        StepObserver?.OnStepStarting(this, index);
        return name;
    }

    /// <summary>
    /// Called by generated code as step <paramref name="index"/> starts with <paramref name="payload"/>; tells the
    /// observer, if any, and returns <paramref name="name"/> so the pipeline can name the step if it fails. Generic, so
    /// a payload is neither boxed nor looked at when nothing observes.
    /// </summary>
    public string EnterStep<T>(int index, string name, T payload)
    {
        StepObserver?.OnStepStarting(this, index, payload);
        return name;
    }

    /// <summary>Starts a new execution on this context.</summary>
    public void Begin(Guid executionId, DateTimeOffset startedAt)
    {
        ExecutionId = executionId;
        StartedAt = startedAt;
        Delivery = 1;
    }

    /// <summary>Starts a new execution on this context: delivery <paramref name="delivery"/> of a stored message.</summary>
    public void Begin(Guid executionId, DateTimeOffset startedAt, int delivery)
    {
        ExecutionId = executionId;
        StartedAt = startedAt;
        Delivery = delivery;
    }

    /// <summary>Points this context at an instance and its configuration; later executions run for that instance.</summary>
    public void UseInstance(string instanceId, object? configuration)
    {
        InstanceId = instanceId;
        Configuration = configuration;
    }
}
