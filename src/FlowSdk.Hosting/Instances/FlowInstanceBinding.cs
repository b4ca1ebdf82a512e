namespace FlowSdk.Hosting;

/// <summary>
/// The instance a queued message runs for. A runner calls <see cref="GetConfiguration"/> once when an execution starts
/// and hands the result to <see cref="FlowContext.UseInstance(string, object?)"/>, so an execution keeps the
/// configuration it started with while later executions see a changed one. Messages enqueued without a binding run
/// for <see cref="FlowContext.DefaultInstanceId"/>.
/// </summary>
public abstract class FlowInstanceBinding
{
    /// <summary>Creates a binding for <paramref name="instanceId"/>.</summary>
    protected FlowInstanceBinding(string instanceId)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        InstanceId = instanceId;
    }

    /// <summary>The instance id every execution of this binding runs with.</summary>
    public string InstanceId { get; }

    /// <summary>
    /// The instance's configuration for an execution that starts now. Called on the consumer loop: keep it to a lookup
    /// (deserialise once per configuration version, not per message).
    /// </summary>
    public abstract object? GetConfiguration();

    /// <summary>
    /// Rewrites text about a failure of this instance (an exception with its message and stack) before the host logs it,
    /// so the instance's secrets never reach a log. The default returns the text unchanged.
    /// </summary>
    public virtual string RedactForLog(string text) => text;

    /// <summary>A binding whose configuration never changes (tests, fixed deployments).</summary>
    public static FlowInstanceBinding Create(string instanceId, object? configuration) => new Fixed(instanceId, configuration);

    /// <summary>The instance id.</summary>
    public override string ToString() => InstanceId;

    private sealed class Fixed(string instanceId, object? configuration) : FlowInstanceBinding(instanceId)
    {
        public override object? GetConfiguration() => configuration;
    }
}
