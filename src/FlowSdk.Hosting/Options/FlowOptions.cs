namespace FlowSdk.Hosting;

/// <summary>
/// How a host runs one flow. A named option per flow (the name is the flow's name): defaults come from the flow's
/// attributes, then configuration section <c>Flows:{name}</c> overrides them, then code
/// (<c>services.Configure&lt;FlowOptions&gt;("name", ...)</c>) overrides both.
/// </summary>
public sealed class FlowOptions
{
    /// <summary>The default webhook body limit: 1 MiB.</summary>
    public const long DefaultMaxBodySize = 1024 * 1024;

    /// <summary>
    /// Capacity of the flow's bounded queue (<c>Flows:{name}:Capacity</c>): the most messages waiting to start. Must be
    /// at least 1. In memory the consumers together take up to an eighth of it from the queue at once, each its share (at
    /// most 32); those still count as waiting, so the queue may refuse with fewer than <c>Capacity</c> in it.
    /// </summary>
    public int Capacity { get; set; } = 1024;

    /// <summary>How many executions run at once, one consumer loop each (<c>Flows:{name}:MaxConcurrency</c>). At least 1.</summary>
    public int MaxConcurrency { get; set; } = 1;

    /// <summary>
    /// Whether the flow stores what its triggers accept before acknowledging it, when a message store is registered
    /// (<c>Flows:{name}:Durable</c>, default true). False keeps the flow's messages in memory, faster and lost on a
    /// crash, for flows whose messages can be sent again. Request/response webhook flows always keep theirs in memory.
    /// </summary>
    public bool Durable { get; set; } = true;

    /// <summary>
    /// Whether each step is timed for telemetry (<c>Flows:{name}:StepTelemetry</c>): its duration recorded in the
    /// <c>flowsdk.step.duration</c> histogram and a <c>step</c> event put on the execution's span, while either is
    /// listened to. Default false: per step that is a clock read, a histogram record and an event with its own tags,
    /// several times what a short step itself costs. The execution span, its outcome and the execution and attempt
    /// metrics do not depend on it; neither does the step journal.
    /// </summary>
    public bool StepTelemetry { get; set; }

    /// <summary>The default <see cref="JournalPayloadLimit"/>: 4 KiB.</summary>
    public const int DefaultJournalPayloadLimit = 4 * 1024;

    /// <summary>
    /// What the step journal of an instance execution records (<c>Flows:{name}:Journal</c>: <c>Off</c>, <c>Steps</c> or
    /// <c>StepsAndPayloads</c>). Default <see cref="FlowJournalMode.Steps"/>. The journal goes with the execution's
    /// report to the listeners (the instance history stores it); executions of the default instance keep none.
    /// </summary>
    public FlowJournalMode Journal { get; set; } = FlowJournalMode.Steps;

    /// <summary>
    /// Which executions of the flow's instances the execution history records (<c>Flows:{name}:History</c>: <c>All</c>,
    /// <c>Failures</c> or <c>Off</c>). Default <see cref="FlowHistoryMode.All"/>. Each recorded execution is a row the
    /// store writes, about as costly as a webhook's delivery id: a flow that runs thousands of executions a second and
    /// is watched through its metrics can keep only its failures. Executions not recorded are missing from the history,
    /// its statistics and the dashboard; dead letters and metrics are not affected. Executions of the default instance
    /// are never recorded.
    /// </summary>
    public FlowHistoryMode History { get; set; }

    /// <summary>
    /// The most bytes of JSON kept of each payload in the journal (<c>Flows:{name}:JournalPayloadLimit</c>); longer
    /// payloads are cut and flagged truncated. Default 4 KiB.
    /// </summary>
    public int JournalPayloadLimit { get; set; } = DefaultJournalPayloadLimit;

    /// <summary>
    /// The options payloads are written to the journal with, when <see cref="Journal"/> is
    /// <see cref="FlowJournalMode.StepsAndPayloads"/> (code only). Null uses the message store's payload options, else
    /// web defaults where reflection-based JSON is enabled; trimmed and native AOT apps set options whose resolver knows
    /// the payload types, or payloads are left out.
    /// </summary>
    public System.Text.Json.JsonSerializerOptions? JournalSerializerOptions { get; set; }

    /// <summary>Retries of a failed execution (<c>Flows:{name}:Retry:*</c>).</summary>
    public FlowRetryOptions Retry { get; } = new();

    /// <summary>Webhook trigger settings (<c>Flows:{name}:Webhook:*</c>).</summary>
    public FlowWebhookOptions Webhook { get; } = new();

    /// <summary>How messages addressed to instances share the flow (<c>Flows:{name}:Instances:*</c>).</summary>
    public FlowInstanceOptions Instances { get; } = new();
}

/// <summary>
/// Isolation between the instances of a flow. Messages addressed to an instance wait in that instance's own lane and
/// the consumers serve the lanes round-robin, so a flooding instance cannot starve the others; these caps bound what
/// one instance may hold of the flow's capacity and consumers.
/// </summary>
public sealed class FlowInstanceOptions
{
    /// <summary>
    /// Executions of one instance running at once (<c>MaxConcurrencyPerInstance</c>); 0, the default, leaves only the
    /// flow's <see cref="FlowOptions.MaxConcurrency"/>.
    /// </summary>
    public int MaxConcurrencyPerInstance { get; set; }

    /// <summary>
    /// Messages of one instance waiting at once (<c>CapacityPerInstance</c>); 0, the default, leaves only the flow's
    /// <see cref="FlowOptions.Capacity"/>. A full lane refuses like a full queue (webhook 503, <c>TryPublish</c> false).
    /// </summary>
    public int CapacityPerInstance { get; set; }
}

/// <summary>Retry policy of a flow: exponential backoff with jitter, then the dead-letter sink.</summary>
public sealed class FlowRetryOptions
{
    /// <summary>Total attempts, the first one included (<c>MaxAttempts</c>). 1 means no retry.</summary>
    public int MaxAttempts { get; set; } = 1;

    /// <summary>The delay before the first retry (<c>BaseDelayMilliseconds</c>); later delays grow exponentially.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest delay between two attempts (<c>MaxDelayMilliseconds</c>). Default 30 seconds.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Whether delays are randomised around the exponential curve (<c>UseJitter</c>). Default true.</summary>
    public bool UseJitter { get; set; } = true;
}

/// <summary>Webhook trigger settings of a flow.</summary>
public sealed class FlowWebhookOptions
{
    /// <summary>The largest accepted request body in bytes (<c>MaxBodySize</c>). Default 1 MiB.</summary>
    public long MaxBodySize { get; set; } = FlowOptions.DefaultMaxBodySize;

    /// <summary>When true the request waits for the execution and answers 200 with the output (<c>Synchronous</c>).</summary>
    public bool Synchronous { get; set; }

    /// <summary>The <c>Retry-After</c> seconds of a 503 answer when the queue is full (<c>RetryAfterSeconds</c>). Default 1.</summary>
    public int RetryAfterSeconds { get; set; } = 1;

    /// <summary>
    /// How long the whole body may take to arrive (<c>BodyTimeoutSeconds</c>); a slower request is answered 408 and
    /// nothing is enqueued. Default 30 seconds.
    /// </summary>
    public TimeSpan BodyTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Headers never kept in a <see cref="WebhookRequest"/> (and so never stored with its message or dead letter), on
    /// top of those always dropped: <c>Authorization</c>, <c>Proxy-Authorization</c>, <c>Cookie</c> and the signature
    /// headers of per-instance webhooks (<c>DroppedHeaders</c>, a list). Names compare case-insensitively.
    /// </summary>
    public ISet<string> DroppedHeaders { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// How senders sign requests to the flow's per-instance webhooks (<c>Signature</c>, an enum name, case-insensitive).
    /// Default <see cref="WebhookSignature.StandardWebhooks"/>, or what <see cref="WebhookTriggerAttribute.Signature"/> declares.
    /// </summary>
    public WebhookSignature Signature { get; set; }
}
