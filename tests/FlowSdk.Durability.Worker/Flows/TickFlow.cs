namespace FlowSdk.Durability.Worker;

/// <summary>
/// The tick flow's settings. Declaring a settings type makes the flow run only as instances, so its schedule fires for
/// the deployed instance and not also for the default one.
/// </summary>
public sealed class TickSettings
{
    public string? Label { get; set; }
}

/// <summary>Every second, journals <c>tick scheduledAt delivery nodeId</c>: which node ran which occurrence.</summary>
[Flow(WorkerKeys.TickFlow, Configuration = typeof(TickSettings))]
[ScheduleTrigger("* * * * * *", AllowOverlap = true)]
public sealed partial class TickFlow(Journal journal)
{
    [Step]
    public void Record(ScheduledTick tick, FlowContext context) =>
        journal.Write(WorkerKeys.Lines.Tick, tick.ScheduledAt.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture), context.Delivery);
}
