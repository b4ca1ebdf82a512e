namespace FlowSdk.Management;

/// <summary>Settings of the dashboard that <c>MapFlowDashboard</c> serves.</summary>
public sealed class DashboardOptions
{
    /// <summary>How long a sign-in lasts before the key must be entered again. Default 8 hours.</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>
    /// How often the live execution feed reads the history for new and changed executions. Default 1 second. The feed
    /// reads the store rather than this node's runs, so it shows the executions of every node sharing the store.
    /// </summary>
    public TimeSpan LivePollInterval { get; set; } = TimeSpan.FromSeconds(1);
}
