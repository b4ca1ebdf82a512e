using System.Text.Json;

namespace FlowSdk.Hosting;

/// <summary>
/// How flows use the <see cref="IFlowMessageStore"/> when one is registered (configuration section
/// <c>FlowSdk:Durability</c>, then code). Without a store these settings do nothing: messages live in memory and are
/// lost on a crash.
/// </summary>
public sealed class FlowDurabilityOptions
{
    /// <summary>
    /// This node's id in the store's claims (<c>FlowSdk:Durability:NodeId</c>); by default the machine name, process id
    /// and a random suffix, so a restarted process never mistakes its predecessor's claims for its own.
    /// </summary>
    public string NodeId { get; set; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>
    /// How long a claim holds without renewal (<c>FlowSdk:Durability:Lease</c>, default 10 s). Leases are renewed every
    /// third of this while executions run; a crashed node's messages are claimed again once it passed.
    /// </summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Deliveries after which a message that never recorded an outcome (its node crashed each time) is dead-lettered as
    /// poison instead of run again (<c>FlowSdk:Durability:MaxDeliveries</c>, default 5).
    /// </summary>
    public int MaxDeliveries { get; set; } = 5;

    /// <summary>
    /// How often an idle node looks for messages other nodes accepted or whose lease lapsed
    /// (<c>FlowSdk:Durability:PollInterval</c>, default 250 ms). Messages accepted by this node are claimed at once.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// The most messages of one instance waiting in the store per flow when the flow sets no
    /// <see cref="FlowInstanceOptions.CapacityPerInstance"/> (<c>FlowSdk:Durability:MaxWaitingPerInstance</c>, default
    /// 10,000): beyond it the instance's own triggers are refused (a webhook answers 503) and other instances are not affected.
    /// </summary>
    public int MaxWaitingPerInstance { get; set; } = 10_000;

    /// <summary>
    /// What a schedule does about occurrences missed while no node ran (<c>FlowSdk:Durability:Misfire</c>): by default
    /// the latest missed one runs once when a node starts; <see cref="ScheduleMisfire.Skip"/> waits for the next one.
    /// </summary>
    public ScheduleMisfire Misfire { get; set; } = ScheduleMisfire.RunLatest;

    /// <summary>
    /// Serialises payloads into the store; by default the options the instance host uses, else
    /// <see cref="JsonSerializerOptions.Web"/>. Under trimming or native AOT, give options whose resolver knows the
    /// flows' payload types (a <c>JsonSerializerContext</c>).
    /// </summary>
    public JsonSerializerOptions? PayloadSerializerOptions { get; set; }
}

/// <summary>What a durable schedule does about occurrences missed while no node ran.</summary>
public enum ScheduleMisfire
{
    /// <summary>The latest missed occurrence runs once when a node starts (the others are not run).</summary>
    RunLatest,

    /// <summary>Missed occurrences are skipped; the schedule goes on with the next one.</summary>
    Skip,
}
