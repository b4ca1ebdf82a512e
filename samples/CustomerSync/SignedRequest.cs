using System.Text;
using FlowSdk.Instances.Hosting;

namespace CustomerSync;

/// <summary>
/// Signs a webhook request the way the host verifies it: header <c>X-Flow-Timestamp</c> with the Unix time in seconds,
/// header <c>X-Flow-Signature</c> with <c>sha256=</c> and the hex HMAC-SHA256 of <c>{timestamp}.{body}</c> keyed with the
/// instance's webhook secret. The host accepts a timestamp up to 5 minutes away from its clock.
/// </summary>
public static class SignedRequest
{
    /// <summary>The webhook route of an instance.</summary>
    public static string WebhookPath(string instanceId) => $"/hooks/customers/{instanceId}";

    /// <summary>A POST of <paramref name="body"/> to <paramref name="instanceId"/>'s webhook, signed at <paramref name="now"/>.</summary>
    public static HttpRequestMessage Create(string selfAddress, string instanceId, string secret, byte[] body, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(body);
        var request = new HttpRequestMessage(HttpMethod.Post, selfAddress + WebhookPath(instanceId))
        {
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = new("application/json");
        var timestamp = now.ToUnixTimeSeconds();
        request.Headers.Add("X-Flow-Timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("X-Flow-Signature", InstanceWebhookSignature.Sign(secret, timestamp, body));
        return request;
    }

    /// <summary>The same request as a curl command line.</summary>
    public static string Curl(string selfAddress, string instanceId, string secret, string body, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(body);
        var timestamp = now.ToUnixTimeSeconds();
        var signature = InstanceWebhookSignature.Sign(secret, timestamp, Encoding.UTF8.GetBytes(body));
        return $"curl -i -X POST {selfAddress}{WebhookPath(instanceId)} -H 'Content-Type: application/json' " +
            $"-H 'X-Flow-Timestamp: {timestamp}' -H 'X-Flow-Signature: {signature}' -d '{body.Replace("'", "'\\''", StringComparison.Ordinal)}'";
    }
}
