using System.Security.Cryptography;

namespace FlowSdk.Instances.Webhooks;

/// <summary>
/// Standard Webhooks (standardwebhooks.com): <c>webhook-id</c>, <c>webhook-timestamp</c> (Unix seconds) and
/// <c>webhook-signature</c>, a space-separated list of <c>v1,&lt;base64&gt;</c> (any one matching passes, other versions
/// are ignored), HMAC-SHA256 over <c>{id}.{timestamp}.{body}</c> keyed with the base64-decoded bytes after <c>whsec_</c>
/// (a secret without the prefix is read the same way, as the reference libraries do). The delivery key is <c>webhook-id</c>.
/// </summary>
public sealed class StandardWebhooksScheme : IWebhookSignatureScheme
{
    /// <summary>The prefix of a Standard Webhooks secret.</summary>
    public const string SecretPrefix = "whsec_";

    private const string IdHeader = "webhook-id";
    private const string TimestampHeader = "webhook-timestamp";
    private const string SignatureHeader = "webhook-signature";

    private StandardWebhooksScheme()
    {
    }

    /// <summary>The scheme (it holds no state).</summary>
    public static StandardWebhooksScheme Instance { get; } = new();

    /// <inheritdoc/>
    public string Name => nameof(WebhookSignature.StandardWebhooks);

    /// <inheritdoc/>
    public IReadOnlyList<string> Headers { get; } = [IdHeader, TimestampHeader, SignatureHeader];

    /// <inheritdoc/>
    public bool TryRead(IWebhookHeaders headers, DateTimeOffset now, TimeSpan tolerance, out WebhookSignatureInput input, out string? refusal)
    {
        ArgumentNullException.ThrowIfNull(headers);
        input = default;
        if (!WebhookSchemeMath.TryGetRequired(headers, IdHeader, out var id, out refusal) ||
            !WebhookSchemeMath.TryGetRequired(headers, SignatureHeader, out var signatures, out refusal))
        {
            return false;
        }

        var timestamp = headers.Get(TimestampHeader)?.Trim();
        if (!WebhookSchemeMath.TryCheckTimestamp(timestamp, TimestampHeader, now, tolerance, out refusal))
        {
            return false;
        }

        input = new WebhookSignatureInput(id, timestamp, signatures);
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
    /// <remarks>An empty key (which verifies nothing) when the secret is not base64.</remarks>
    public byte[] GetKey(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var text = secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? secret[SecretPrefix.Length..] : secret;
        var key = new byte[text.Length * 3 / 4];
        return Convert.TryFromBase64String(text, key, out var written) ? key[..written] : [];
    }

    /// <inheritdoc/>
    public string? ValidateSecret(string secret)
    {
        if (string.IsNullOrEmpty(secret))
        {
            return "A Standard Webhooks secret is required: 'whsec_' followed by the base64 of at least 24 random bytes.";
        }

        var key = GetKey(secret);
        if (key.Length == 0)
        {
            return "A Standard Webhooks secret is 'whsec_' followed by base64; this one is not valid base64.";
        }

        CryptographicOperations.ZeroMemory(key);
        return key.Length < WebhookSchemeMath.MinimumKeyBytes
            ? $"A Standard Webhooks secret must decode to at least {WebhookSchemeMath.MinimumKeyBytes} bytes; this one is shorter than {WebhookSchemeMath.MinimumKeyBytes} random bytes."
            : null;
    }

    /// <inheritdoc/>
    /// <remarks><c>whsec_</c> and the base64 of 32 random bytes.</remarks>
    public string GenerateSecret() => SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private static bool Verify(in WebhookSignatureInput input, ReadOnlySpan<byte> body, ReadOnlySpan<byte> key, WebhookKey? keyed)
    {
        if (key.IsEmpty || input.DeliveryId is null || input.Timestamp is null || input.Signatures is null)
        {
            return false;
        }

        Span<byte> mac = stackalloc byte[WebhookSchemeMath.MacLength];
        WebhookSchemeMath.Mac(key, keyed, input.DeliveryId, input.Timestamp, (byte)'.', body, mac);
        var list = input.Signatures.AsSpan();
        foreach (var range in list.Split(' '))
        {
            // A proxy or client that combined two header lines wrote "v1,a, v1,b": the comma is not base64.
            var entry = list[range].TrimEnd(',');
            if (entry.StartsWith("v1,", StringComparison.Ordinal) && WebhookSchemeMath.Base64Matches(entry[3..], mac))
            {
                return true;
            }
        }

        return false;
    }
}
