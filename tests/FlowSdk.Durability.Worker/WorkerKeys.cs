namespace FlowSdk.Durability;

/// <summary>
/// What the worker and the tests that drive it agree on: configuration keys, routes, the demo admin key and the
/// journal's line kinds. Compiled into both projects (the tests link this file), so the two cannot drift apart.
/// </summary>
internal static class WorkerKeys
{
    /// <summary><c>sqlite</c> or <c>postgres</c>.</summary>
    public const string Store = "Worker:Store";

    /// <summary>The SQLite file, for <c>sqlite</c>.</summary>
    public const string SqlitePath = "Worker:SqlitePath";

    /// <summary>The Npgsql connection string, for <c>postgres</c>.</summary>
    public const string Postgres = "Worker:Postgres";

    /// <summary>This process's node id in the store's claims; journaled with every line.</summary>
    public const string NodeId = "Worker:NodeId";

    /// <summary>The claim lease in milliseconds.</summary>
    public const string LeaseMilliseconds = "Worker:LeaseMs";

    /// <summary>Crash-deliveries after which a message is dead-lettered as poison.</summary>
    public const string MaxDeliveries = "Worker:MaxDeliveries";

    /// <summary>The journal file the steps append to; one per process (the tests read every file of a folder).</summary>
    public const string Journal = "Worker:Journal";

    /// <summary>How long the webhook job's step works before it journals, in milliseconds.</summary>
    public const string StepDelayMilliseconds = "Worker:StepDelayMs";

    /// <summary>Executions of the webhook job flow at once.</summary>
    public const string JobConcurrency = "Worker:JobConcurrency";

    /// <summary>The admin key of the management API (a demo key: these workers only ever listen on loopback).</summary>
    public const string AdminKey = "durability-tests-admin-key-0123456789abcdef";

    /// <summary>The webhook of the default-instance job flow; body <c>{"seq": n}</c>.</summary>
    public const string JobRoute = "/hooks/jobs";

    /// <summary>Publishes an instance job (<c>POST /publish/{instanceId}</c>, body <c>{"kind": ..., "delayMs": n}</c>).</summary>
    public const string PublishRoute = "/publish";

    /// <summary>The instance job flow.</summary>
    public const string InstanceJobFlow = "instance-jobs";

    /// <summary>The per-second schedule flow, deployed as an instance.</summary>
    public const string TickFlow = "ticks";

    /// <summary>An instance job of this kind kills its own process.</summary>
    public const string PoisonKind = "poison";

    /// <summary>Journal line kinds. A line is <c>kind key delivery nodeId unixMilliseconds</c>.</summary>
    public static class Lines
    {
        /// <summary>A webhook job finished its work; the key is the execution id.</summary>
        public const string Job = "job";

        /// <summary>A schedule occurrence ran; the key is its scheduled time (round-trip format, UTC).</summary>
        public const string Tick = "tick";

        /// <summary>A webhook or instance job started its work; the key is the execution id.</summary>
        public const string Begin = "begin";

        /// <summary>An instance job finished its work; the key is the execution id.</summary>
        public const string Done = "done";

        /// <summary>A poison job is about to kill its process; the key is the execution id.</summary>
        public const string Crash = "crash";
    }
}
