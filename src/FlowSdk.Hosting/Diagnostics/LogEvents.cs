namespace FlowSdk.Hosting;

/// <summary>
/// The event ids FlowSdk.Hosting logs with: 1000–1999. Every FlowSdk package has its own thousand, so one event id names one
/// message in a whole worker; a test checks that every id is unique and inside its package's range.
/// </summary>
/// <remarks>
/// 1001–1020: the runtime (runners, executions, schedules, dead letters, listeners), in <see cref="Log"/>; 1030–1034: this
/// node of the message store (<see cref="StoreNode"/>); 1040–1043: durable queues.
/// </remarks>
internal static class LogEvents
{
    /// <summary>The first event id of this package.</summary>
    public const int First = 1000;

    /// <summary>The last event id of this package.</summary>
    public const int Last = 1999;
}
