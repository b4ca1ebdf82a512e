namespace FlowSdk.Management;

/// <summary>
/// The event ids FlowSdk.Management logs with: 5000–5999. Every FlowSdk package has its own thousand, so one event id names one
/// message in a whole worker; a test checks that every id is unique and inside its package's range.
/// </summary>
/// <remarks>
/// 5001: management request failures.<br/>
/// 5002: audit entries that could not be written.<br/>
/// 5003: secrets that did not decrypt for masking.<br/>
/// 5004–5006: the dashboard: refused sign-ins, sign-ins, live feed failures.
/// </remarks>
internal static class LogEvents
{
    /// <summary>The first event id of this package.</summary>
    public const int First = 5000;

    /// <summary>The last event id of this package.</summary>
    public const int Last = 5999;
}
