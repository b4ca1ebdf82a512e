using System.Security.Cryptography;

namespace FlowSdk.Instances.Webhooks;

/// <summary>
/// Shopify: <c>X-Shopify-Hmac-Sha256</c>, the base64 of HMAC-SHA256 over the raw body keyed with the UTF-8 bytes of the
/// app's secret; the delivery key is <c>X-Shopify-Webhook-Id</c> (required). <c>X-Shopify-Triggered-At</c> is not
/// signed, so there is no window: deduplication by webhook id is what stops a replay.
/// </summary>
public sealed class ShopifyScheme : IWebhookSignatureScheme
{
    private const string SignatureHeader = "X-Shopify-Hmac-Sha256";
    private const string DeliveryHeader = "X-Shopify-Webhook-Id";

    private ShopifyScheme()
    {
    }

    /// <summary>The scheme (it holds no state).</summary>
    public static ShopifyScheme Instance { get; } = new();

    /// <inheritdoc/>
    public string Name => nameof(WebhookSignature.Shopify);

    /// <inheritdoc/>
    public IReadOnlyList<string> Headers { get; } = [SignatureHeader, DeliveryHeader];

    /// <inheritdoc/>
    /// <remarks>The sender signs no time: there is no window, and deduplication by delivery id is what stops a replay.</remarks>
    public bool TryRead(IWebhookHeaders headers, DateTimeOffset now, TimeSpan tolerance, out WebhookSignatureInput input, out string? refusal) =>
        WebhookSchemeMath.TryReadUntimed(headers, SignatureHeader, DeliveryHeader, out input, out refusal);

    /// <inheritdoc/>
    public bool Verify(in WebhookSignatureInput input, ReadOnlySpan<byte> body, ReadOnlySpan<byte> key) => Verify(input, body, key, null);

    /// <inheritdoc/>
    public bool Verify(in WebhookSignatureInput input, ReadOnlySpan<byte> body, WebhookKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Verify(input, body, key.Bytes, key);
    }

    /// <inheritdoc/>
    public string GetDeliveryKey(in WebhookSignatureInput input, ReadOnlySpan<byte> body) => input.DeliveryId ?? input.Signatures;

    /// <inheritdoc/>
    public byte[] GetKey(string secret) => WebhookSchemeMath.Utf8Key(secret);

    /// <inheritdoc/>
    /// <remarks>Shopify's app client secrets and webhook signing keys have 32 characters or more; shorter values are refused.</remarks>
    public string? ValidateSecret(string secret) =>
        secret is null || secret.Length < 32
            ? "A Shopify webhook secret has at least 32 characters: the app's client secret, or the key shown with webhooks created in the admin."
            : null;

    /// <inheritdoc/>
    /// <remarks>64 lowercase hex characters: for tests and local senders, since Shopify issues the secret itself.</remarks>
    public string GenerateSecret() => RandomNumberGenerator.GetHexString(64, lowercase: true);

    private static bool Verify(in WebhookSignatureInput input, ReadOnlySpan<byte> body, ReadOnlySpan<byte> key, WebhookKey? keyed)
    {
        if (key.IsEmpty || input.Signatures is null)
        {
            return false;
        }

        Span<byte> mac = stackalloc byte[WebhookSchemeMath.MacLength];
        WebhookSchemeMath.Mac(key, keyed, null, null, 0, body, mac);
        return WebhookSchemeMath.Base64Matches(input.Signatures, mac);
    }
}
