using System.Security.Cryptography;

namespace FlowSdk.Instances.Webhooks;

/// <summary>
/// Slack: <c>X-Slack-Signature: v0=&lt;hex&gt;</c>, HMAC-SHA256 over <c>v0:{X-Slack-Request-Timestamp}:{body}</c> keyed
/// with the UTF-8 bytes of the app's signing secret; the time must lie within the window.
/// </summary>
/// <remarks>
/// Slack sends no delivery id, so the delivery key is the signature. A retry carries <c>X-Slack-Retry-Num</c> and is
/// signed again with a new timestamp, so a retry after a re-sign is a new delivery (and runs again); only an identical
/// resend is recognised.
/// </remarks>
public sealed class SlackScheme : IWebhookSignatureScheme
{
    private const string SignatureHeader = "X-Slack-Signature";
    private const string TimestampHeader = "X-Slack-Request-Timestamp";
    private const string Prefix = "v0=";

    private SlackScheme()
    {
    }

    /// <summary>The scheme (it holds no state).</summary>
    public static SlackScheme Instance { get; } = new();

    /// <inheritdoc/>
    public string Name => nameof(WebhookSignature.Slack);

    /// <inheritdoc/>
    public IReadOnlyList<string> Headers { get; } = [SignatureHeader, TimestampHeader];

    /// <inheritdoc/>
    public bool TryRead(IWebhookHeaders headers, DateTimeOffset now, TimeSpan tolerance, out WebhookSignatureInput input, out string? refusal)
    {
        ArgumentNullException.ThrowIfNull(headers);
        input = default;
        if (!WebhookSchemeMath.TryGetRequired(headers, SignatureHeader, out var signature, out refusal))
        {
            return false;
        }

        var timestamp = headers.Get(TimestampHeader)?.Trim();
        if (!WebhookSchemeMath.TryCheckTimestamp(timestamp, TimestampHeader, now, tolerance, out refusal))
        {
            return false;
        }

        input = new WebhookSignatureInput(null, timestamp, signature);
        return true;
    }

    /// <inheritdoc/>
    public bool Verify(in WebhookSignatureInput input, ReadOnlySpan<byte> body, ReadOnlySpan<byte> key) => Verify(input, body, key, null);

    /// <inheritdoc/>
    public bool Verify(in WebhookSignatureInput input, ReadOnlySpan<byte> body, WebhookKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Verify(input, body, key.Bytes, key);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// The Events API's <c>event_id</c> when the body is a JSON event: Slack re-signs a retry with a new timestamp, so
    /// only the event id makes it the same delivery. A form post (a slash command) is keyed by its signature.
    /// </remarks>
    public string GetDeliveryKey(in WebhookSignatureInput input, ReadOnlySpan<byte> body) =>
        WebhookSchemeMath.TopLevelString(body, "event_id"u8) ?? input.Signatures;

    /// <inheritdoc/>
    public byte[] GetKey(string secret) => WebhookSchemeMath.Utf8Key(secret);

    /// <inheritdoc/>
    /// <remarks>Slack issues 32 hex characters per app (Basic Information, Signing Secret); shorter values are refused.</remarks>
    public string? ValidateSecret(string secret) =>
        secret is null || secret.Length < 32
            ? "A Slack signing secret has at least 32 characters, as Slack shows it under the app's Basic Information."
            : null;

    /// <inheritdoc/>
    /// <remarks>32 lowercase hex characters, the shape Slack issues: for tests and local senders, since Slack issues an app's secret itself.</remarks>
    public string GenerateSecret() => RandomNumberGenerator.GetHexString(32, lowercase: true);

    private static bool Verify(in WebhookSignatureInput input, ReadOnlySpan<byte> body, ReadOnlySpan<byte> key, WebhookKey? keyed)
    {
        var signature = input.Signatures.AsSpan();
        if (key.IsEmpty || input.Timestamp is null || !signature.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        Span<byte> mac = stackalloc byte[WebhookSchemeMath.MacLength];
        WebhookSchemeMath.Mac(key, keyed, "v0", input.Timestamp, (byte)':', body, mac);
        return WebhookSchemeMath.HexMatches(signature[Prefix.Length..], mac);
    }
}
