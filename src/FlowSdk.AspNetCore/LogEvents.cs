namespace FlowSdk.AspNetCore;

/// <summary>
/// The event ids FlowSdk.AspNetCore logs with: 2000–2999. Every FlowSdk package has its own thousand, so one event id names one
/// message in a whole worker; a test checks that every id is unique and inside its package's range.
/// </summary>
/// <remarks>
/// 2001: webhook endpoints (<c>WebhookLog</c>).
/// </remarks>
internal static class LogEvents
{
    /// <summary>The first event id of this package.</summary>
    public const int First = 2000;

    /// <summary>The last event id of this package.</summary>
    public const int Last = 2999;
}
