namespace FlowSdk.Instances;

/// <summary>How instances' OAuth 2.0 connections are granted and refreshed.</summary>
public sealed class FlowConnectionOptions
{
    /// <summary>The name of the <see cref="System.Net.Http.IHttpClientFactory"/> client that calls token endpoints.</summary>
    public const string TokenHttpClientName = "FlowSdk.Connections.Token";

    /// <summary>How long before its expiry an access token is refreshed (default 60 seconds).</summary>
    public TimeSpan RefreshSkew { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a started consent may take to come back to the callback (default 15 minutes).</summary>
    public TimeSpan ConsentLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a node holds the refresh lease at most; a node that dies holding it delays others this long (default 30 seconds).</summary>
    public TimeSpan RefreshLease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a node that lost the refresh race looks for the winner's token (default 50 ms; on the system clock).</summary>
    public TimeSpan RefreshPollInterval { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>The callback URL for connections that configure no <see cref="FlowConnectionSettings.RedirectUri"/>.</summary>
    public Uri? RedirectUri { get; set; }

    /// <summary>The management API's prefix, for the instructions an error gives (default <c>/manage</c>).</summary>
    public string ManagementPrefix { get; set; } = "/manage";

    /// <summary>The settings by flow, then by connection name (configuration <c>Flows:{flow}:Connections:{name}</c>).</summary>
    public Dictionary<string, Dictionary<string, FlowConnectionSettings>> Flows { get; } = new(StringComparer.Ordinal);

    /// <summary>The settings of <paramref name="flowName"/>'s connection <paramref name="name"/>, created when missing.</summary>
    public FlowConnectionSettings Connection(string flowName, string name)
    {
        if (!Flows.TryGetValue(flowName, out var connections))
        {
            Flows[flowName] = connections = new Dictionary<string, FlowConnectionSettings>(StringComparer.Ordinal);
        }

        if (!connections.TryGetValue(name, out var settings))
        {
            connections[name] = settings = new FlowConnectionSettings();
        }

        return settings;
    }
}
