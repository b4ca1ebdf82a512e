namespace FlowSdk.Management;

/// <summary>The body of <c>POST {prefix}/ui/session</c>: the API key to sign in with.</summary>
public sealed class DashboardSignInRequest
{
    /// <summary>A configured management API key.</summary>
    public string? Key { get; set; }
}

/// <summary>The signed-in session: who, with which role, and the CSRF token to send on every change.</summary>
/// <param name="Name">The API key's name.</param>
/// <param name="Role"><c>Reader</c> or <c>Admin</c>.</param>
/// <param name="CsrfToken">Send it in the <c>X-CSRF-Token</c> header on every request but GET and HEAD.</param>
/// <param name="ExpiresAt">When the session ends.</param>
public sealed record DashboardSessionResponse(string Name, string Role, string CsrfToken, DateTimeOffset ExpiresAt);

/// <summary>The overview's counts.</summary>
/// <param name="From">The start of the first bucket.</param>
/// <param name="To">The end of the window.</param>
/// <param name="BucketSeconds">The width of a bucket.</param>
/// <param name="Flows">Per flow: totals by outcome in the window, open executions and counts per bucket.</param>
public sealed record DashboardStatsResponse(DateTimeOffset From, DateTimeOffset To, int BucketSeconds, IReadOnlyList<DashboardFlowStats> Flows);

/// <summary>One flow in the overview.</summary>
/// <param name="Flow">The flow.</param>
/// <param name="Completed">Executions completed in the window.</param>
/// <param name="Filtered">Executions a filter stopped in the window.</param>
/// <param name="Failed">Executions failed in the window.</param>
/// <param name="Canceled">Executions canceled in the window.</param>
/// <param name="Pending">Executions waiting in the queue now (stored, not yet claimed).</param>
/// <param name="Running">Executions running now.</param>
/// <param name="PerMinute">Executions ended (completed, filtered, failed) per minute over the window.</param>
/// <param name="Buckets">Counts per bucket, oldest first, every bucket of the window present.</param>
public sealed record DashboardFlowStats(
    string Flow, long Completed, long Filtered, long Failed, long Canceled, long Pending, long Running, double PerMinute,
    IReadOnlyList<DashboardBucket> Buckets);

/// <summary>One bucket of a flow's executions by outcome.</summary>
/// <param name="Start">The bucket's start.</param>
/// <param name="Completed">Completed.</param>
/// <param name="Filtered">Filtered.</param>
/// <param name="Failed">Failed.</param>
/// <param name="Canceled">Canceled.</param>
public sealed record DashboardBucket(DateTimeOffset Start, long Completed, long Filtered, long Failed, long Canceled);
