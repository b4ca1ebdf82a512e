namespace FlowSdk.Components;

/// <summary>
/// The event ids FlowSdk.Components logs with: 7000–7999. Every FlowSdk package has its own thousand, so one event id
/// names one message in a whole worker; a test checks that every id is unique and inside its package's range.
/// </summary>
/// <remarks>
/// 7001–7099: records; 7100–7199: XML; 7200–7299: REST.
/// </remarks>
internal static class LogEvents
{
    /// <summary>The first event id of this package.</summary>
    public const int First = 7000;

    /// <summary>The last event id of this package.</summary>
    public const int Last = 7999;
}
