using Microsoft.Extensions.Logging;

namespace FlowSdk.Components.Rest;

/// <summary>REST log messages (event ids 7200–7299). URLs are logged masked; secrets and tokens never.</summary>
internal static partial class RestLog
{
    [LoggerMessage(7201, LogLevel.Debug, "OAuth2 token for instance {InstanceId} issued by {TokenUrl}, valid {LifetimeSeconds} s")]
    public static partial void TokenIssued(ILogger logger, string instanceId, Uri tokenUrl, double lifetimeSeconds);

    [LoggerMessage(7202, LogLevel.Information, "{Method} {Url} for instance {InstanceId} answered 401 with a cached OAuth2 token; refreshing the token and retrying once")]
    public static partial void TokenRejected(ILogger logger, HttpMethod method, string url, string instanceId);

    [LoggerMessage(7203, LogLevel.Debug, "{Method} {Url} for instance {InstanceId} answered {StatusCode}")]
    public static partial void RequestFailed(ILogger logger, HttpMethod method, string url, string instanceId, int statusCode);

    [LoggerMessage(7204, LogLevel.Trace, "Page {Page} of {Url} for instance {InstanceId}: {Items} item(s)")]
    public static partial void PageRead(ILogger logger, int page, string url, string instanceId, int items);
}
