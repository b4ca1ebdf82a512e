namespace FlowSdk.Instances.AspNetCore;

/// <summary>
/// The event ids FlowSdk.Instances.AspNetCore logs with: 6000–6999. Every FlowSdk package has its own thousand, so one
/// event id names one message in a whole worker; a test checks that every id is unique and inside its package's range.
/// </summary>
/// <remarks>
/// 6001–6009: per-instance webhooks refused.
/// </remarks>
internal static class LogEvents
{
    /// <summary>The first event id of this package.</summary>
    public const int First = 6000;

    /// <summary>The last event id of this package.</summary>
    public const int Last = 6999;
}
