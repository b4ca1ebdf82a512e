using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CustomerSync;

/// <summary>
/// Signs a webhook request as a Standard Webhooks (standardwebhooks.com) sender does, the way the host verifies the
/// flow's instances by default: header <c>webhook-id</c> with the message's id (new per message, kept by a redelivery),
/// header <c>webhook-timestamp</c> with the Unix time in seconds, and header <c>webhook-signature</c> with <c>v1,</c> and
/// the base64 HMAC-SHA256 of <c>{id}.{timestamp}.{body}</c>, keyed with the base64-decoded bytes after <c>whsec_</c> of
/// the instance's webhook secret. The host accepts a timestamp up to 5 minutes away from its clock.
/// </summary>
public static class SignedRequest
{
    /// <summary>The prefix of a Standard Webhooks secret.</summary>
    public const string SecretPrefix = "whsec_";

    /// <summary>The webhook route of an instance.</summary>
    public static string WebhookPath(string instanceId) => $"/hooks/customers/{instanceId}";

    /// <summary>A new Standard Webhooks secret: <c>whsec_</c> and the base64 of 32 random bytes.</summary>
    public static string NewSecret() => SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>A new message id for <c>webhook-id</c>.</summary>
    public static string NewMessageId() => "msg_" + Guid.NewGuid().ToString("N");

    /// <summary>The <c>webhook-signature</c> value of <paramref name="body"/> sent as <paramref name="messageId"/> at <paramref name="timestamp"/>.</summary>
    public static string Sign(string secret, string messageId, long timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var key = Convert.FromBase64String(secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? secret[SecretPrefix.Length..] : secret);
        byte[] signed = [.. Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{messageId}.{timestamp}.")), .. body];
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, signed));
    }

    /// <summary>
    /// A POST of <paramref name="body"/> to <paramref name="instanceId"/>'s webhook, signed at <paramref name="now"/>, as
    /// message <paramref name="messageId"/> (a new id when null).
    /// </summary>
    public static HttpRequestMessage Create(string selfAddress, string instanceId, string secret, byte[] body, DateTimeOffset now, string? messageId = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        messageId ??= NewMessageId();
        var timestamp = now.ToUnixTimeSeconds();
        var request = new HttpRequestMessage(HttpMethod.Post, selfAddress + WebhookPath(instanceId))
        {
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add("webhook-id", messageId);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", Sign(secret, messageId, timestamp, body));
        return request;
    }

    /// <summary>The same request, as a new message, as a curl command line.</summary>
    public static string Curl(string selfAddress, string instanceId, string secret, string body, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(body);
        var messageId = NewMessageId();
        var timestamp = now.ToUnixTimeSeconds();
        var signature = Sign(secret, messageId, timestamp, Encoding.UTF8.GetBytes(body));
        return $"curl -i -X POST {selfAddress}{WebhookPath(instanceId)} -H 'Content-Type: application/json' " +
            $"-H 'webhook-id: {messageId}' -H 'webhook-timestamp: {timestamp}' -H 'webhook-signature: {signature}' " +
            $"-d '{body.Replace("'", "'\\''", StringComparison.Ordinal)}'";
    }
}
