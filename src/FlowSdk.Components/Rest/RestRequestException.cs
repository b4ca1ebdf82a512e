using System.Net;

namespace FlowSdk.Components.Rest;

/// <summary>
/// A REST call answered with a non-success status (after the resilience handler's retries). The message names the
/// method, the URL and the status; a query-parameter API key in the URL is replaced by <c>***</c>, so the message can
/// go to logs, history and dead letters.
/// </summary>
public sealed class RestRequestException : HttpRequestException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="method">The request method.</param>
    /// <param name="redactedUrl">The request URL with credentials already masked.</param>
    /// <param name="statusCode">The status code answered.</param>
    public RestRequestException(HttpMethod method, string redactedUrl, HttpStatusCode statusCode)
        : base($"{method} {redactedUrl} answered {(int)statusCode} {statusCode}.", null, statusCode)
    {
        ArgumentNullException.ThrowIfNull(method);
        Method = method;
        Url = redactedUrl;
    }

    /// <summary>The request method.</summary>
    public HttpMethod Method { get; }

    /// <summary>The request URL, credentials masked.</summary>
    public string Url { get; }
}
