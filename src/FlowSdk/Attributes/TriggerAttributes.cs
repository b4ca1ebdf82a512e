namespace FlowSdk;

/// <summary>Base class of the trigger attributes; a flow may carry several triggers.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false, AllowMultiple = true)]
public abstract class TriggerAttribute : Attribute
{
    /// <summary>
    /// The <see cref="EntryAttribute"/> method this trigger's payload enters through (use <c>nameof</c>), or null when the
    /// payload goes straight to the first step. A trigger whose payload is not the first step's needs one.
    /// </summary>
    public string? Entry { get; set; }
}

/// <summary>
/// In-process trigger: payloads published into the flow's bounded channel, strongly typed to the first step's payload.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false, AllowMultiple = false)]
public sealed class ChannelTriggerAttribute : TriggerAttribute
{
}

/// <summary>
/// Schedule trigger: runs the flow with a <see cref="ScheduledTick"/> on a cron schedule of 5 fields, or 6 with seconds.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false, AllowMultiple = true)]
public sealed class ScheduleTriggerAttribute : TriggerAttribute
{
    /// <summary>Declares a cron schedule.</summary>
    /// <param name="cron">A cron expression of 5 fields (minute precision) or 6 fields (the first one is seconds).</param>
    public ScheduleTriggerAttribute(string cron) => Cron = cron;

    /// <summary>The cron expression.</summary>
    public string Cron { get; }

    /// <summary>The IANA or Windows time zone id the schedule runs in. Default UTC.</summary>
    public string? TimeZone { get; set; }

    /// <summary>Whether a tick may start while the previous run of this schedule is still running. Default false.</summary>
    public bool AllowOverlap { get; set; }
}

/// <summary>
/// Webhook trigger: an HTTP POST on <see cref="Route"/> enqueues the body, bound as <see cref="WebhookRequest"/> or
/// as the first step's JSON payload type, and answers 202 with the execution id.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false, AllowMultiple = false)]
public sealed class WebhookTriggerAttribute : TriggerAttribute
{
    /// <summary>Declares a webhook route.</summary>
    /// <param name="route">The route, starting with '/'.</param>
    public WebhookTriggerAttribute(string route) => Route = route;

    /// <summary>The route the webhook listens on.</summary>
    public string Route { get; }

    /// <summary>The largest accepted body in bytes; 0 means the host's default (1 MiB).</summary>
    public long MaxBodySize { get; set; }

    /// <summary>When true the request waits for the execution and answers 200 with the flow's output.</summary>
    public bool Synchronous { get; set; }

    /// <summary>
    /// How senders sign requests to the flow's per-instance webhooks. Default <see cref="WebhookSignature.StandardWebhooks"/>;
    /// <c>Flows:{name}:Webhook:Signature</c> overrides it.
    /// </summary>
    public WebhookSignature Signature { get; set; }
}
