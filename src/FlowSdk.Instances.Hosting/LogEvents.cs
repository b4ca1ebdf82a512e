namespace FlowSdk.Instances.Hosting;

/// <summary>
/// The event ids FlowSdk.Instances.Hosting logs with: 4000–4999. Every FlowSdk package has its own thousand, so one event id names one
/// message in a whole worker; a test checks that every id is unique and inside its package's range.
/// </summary>
/// <remarks>
/// 4070–4079: the instance dead-letter sink.<br/>
/// 4080–4089: the execution recorder (history).<br/>
/// 4090–4099: per-instance schedules.
/// </remarks>
internal static class LogEvents
{
    /// <summary>The first event id of this package.</summary>
    public const int First = 4000;

    /// <summary>The last event id of this package.</summary>
    public const int Last = 4999;
}
