namespace FlowSdk.Hosting;

/// <summary>The names hosts give the trigger that started an execution (reports, dead letters, history).</summary>
public static class FlowTriggerNames
{
    /// <summary>An in-process publish.</summary>
    public const string Channel = "channel";

    /// <summary>A cron schedule.</summary>
    public const string Schedule = "schedule";

    /// <summary>An HTTP webhook.</summary>
    public const string Webhook = "webhook";

    /// <summary>A replayed dead letter.</summary>
    public const string Replay = "replay";
}
