namespace FlowSdk;

/// <summary>The raw payload of a webhook-triggered flow whose first step takes <see cref="WebhookRequest"/>.</summary>
public sealed class WebhookRequest
{
    /// <summary>Creates a webhook request.</summary>
    public WebhookRequest(
        ReadOnlyMemory<byte> body,
        string? contentType,
        IReadOnlyDictionary<string, string> headers,
        IReadOnlyDictionary<string, string> query)
    {
        Body = body;
        ContentType = contentType;
        Headers = headers;
        Query = query;
    }

    /// <summary>The request body as received.</summary>
    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>The request's Content-Type header, or null.</summary>
    public string? ContentType { get; }

    /// <summary>Request headers (case-insensitive names; repeated headers joined with a comma).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    /// <summary>Query string values (case-insensitive names; repeated values joined with a comma).</summary>
    public IReadOnlyDictionary<string, string> Query { get; }

    /// <summary>The body decoded as UTF-8.</summary>
    public string BodyAsString() => System.Text.Encoding.UTF8.GetString(Body.Span);
}
