namespace FlowSdk.Instances;

/// <summary>
/// The event ids FlowSdk.Instances logs with: 3000–3999. Every FlowSdk package has its own thousand, so one event id names one
/// message in a whole worker; a test checks that every id is unique and inside its package's range.
/// </summary>
/// <remarks>
/// 3001–3009: the SQL flow store.<br/>
/// 3010–3019: <see cref="FlowInstanceManager"/>.<br/>
/// 3020–3029: execution history pruning.<br/>
/// 3030–3039: the instance catalog.<br/>
/// 3040–3049: secret and connection-token re-encryption in the SQL flow store.<br/>
/// 3050–3059: OAuth 2.0 connections (<see cref="FlowConnectionManager"/>).
/// </remarks>
internal static class LogEvents
{
    /// <summary>The first event id of this package.</summary>
    public const int First = 3000;

    /// <summary>The last event id of this package.</summary>
    public const int Last = 3999;
}
