using System.Security.Cryptography;

namespace FlowSdk.Instances.Webhooks;

/// <summary>
/// FlowSdk's own scheme, as <c>InstanceWebhookSignature</c> signs: <c>X-Flow-Timestamp</c> (Unix seconds) and
/// <c>X-Flow-Signature: sha256=&lt;hex&gt;</c>, HMAC-SHA256 over <c>{timestamp}.{body}</c> keyed with the UTF-8 bytes of
/// the secret. Several space-separated signatures may be sent (one per secret while a sender rotates); any matching
/// passes. The delivery key is <c>X-Flow-Delivery</c> when sent, else the signature.
/// </summary>
public sealed class FlowSdkScheme : IWebhookSignatureScheme
{
    /// <summary>The default timestamp header.</summary>
    public const string DefaultTimestampHeader = "X-Flow-Timestamp";

    /// <summary>The default signature header.</summary>
    public const string DefaultSignatureHeader = "X-Flow-Signature";

    /// <summary>The default delivery id header.</summary>
    public const string DefaultDeliveryHeader = "X-Flow-Delivery";

    private const string Prefix = "sha256=";

    private readonly string _timestampHeader;
    private readonly string _signatureHeader;
    private readonly string _deliveryHeader;

    /// <summary>A scheme reading other header names (hosts that renamed them); <see cref="Instance"/> reads the defaults.</summary>
    public FlowSdkScheme(string timestampHeader = DefaultTimestampHeader, string signatureHeader = DefaultSignatureHeader, string deliveryHeader = DefaultDeliveryHeader)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(timestampHeader);
        ArgumentException.ThrowIfNullOrWhiteSpace(signatureHeader);
        ArgumentException.ThrowIfNullOrWhiteSpace(deliveryHeader);
        _timestampHeader = timestampHeader;
        _signatureHeader = signatureHeader;
        _deliveryHeader = deliveryHeader;
        Headers = [timestampHeader, signatureHeader, deliveryHeader];
    }

    /// <summary>The scheme with the default header names (it holds no state).</summary>
    public static FlowSdkScheme Instance { get; } = new();

    /// <inheritdoc/>
    public string Name => nameof(WebhookSignature.FlowSdk);

    /// <inheritdoc/>
    public IReadOnlyList<string> Headers { get; }

    /// <inheritdoc/>
    public bool TryRead(IWebhookHeaders headers, DateTimeOffset now, TimeSpan tolerance, out WebhookSignatureInput input, out string? refusal)
    {
        ArgumentNullException.ThrowIfNull(headers);
        input = default;
        if (!WebhookSchemeMath.TryGetRequired(headers, _signatureHeader, out var signatures, out refusal))
        {
            return false;
        }

        var timestamp = headers.Get(_timestampHeader)?.Trim();
        if (!WebhookSchemeMath.TryCheckTimestamp(timestamp, _timestampHeader, now, tolerance, out refusal))
        {
            return false;
        }

        var delivery = headers.Get(_deliveryHeader)?.Trim();
        input = new WebhookSignatureInput(string.IsNullOrEmpty(delivery) ? null : delivery, timestamp, signatures);
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
    public string GetDeliveryKey(in WebhookSignatureInput input, ReadOnlySpan<byte> body) => input.DeliveryId ?? input.Signatures;

    /// <inheritdoc/>
    public byte[] GetKey(string secret) => WebhookSchemeMath.Utf8Key(secret);

    /// <inheritdoc/>
    public string? ValidateSecret(string secret) => WebhookSchemeMath.ValidateUtf8Length(secret, WebhookSchemeMath.MinimumKeyBytes, Name);

    /// <inheritdoc/>
    /// <remarks>64 lowercase hex characters (32 random bytes).</remarks>
    public string GenerateSecret() => RandomNumberGenerator.GetHexString(64, lowercase: true);

    private static bool Verify(in WebhookSignatureInput input, ReadOnlySpan<byte> body, ReadOnlySpan<byte> key, WebhookKey? keyed)
    {
        if (key.IsEmpty || input.Timestamp is null || input.Signatures is null)
        {
            return false;
        }

        Span<byte> mac = stackalloc byte[WebhookSchemeMath.MacLength];
        WebhookSchemeMath.Mac(key, keyed, input.Timestamp, null, (byte)'.', body, mac);
        var list = input.Signatures.AsSpan();
        foreach (var range in list.Split(' '))
        {
            var entry = list[range].TrimEnd(','); // two header lines arrive joined as "a, b"
            if (entry.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) && WebhookSchemeMath.HexMatches(entry[Prefix.Length..], mac))
            {
                return true;
            }
        }

        return false;
    }
}
