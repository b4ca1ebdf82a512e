using System.Security.Cryptography;

namespace FlowSdk.Instances.Webhooks;

/// <summary>
/// Stripe: <c>Stripe-Signature: t=&lt;unix&gt;,v1=&lt;hex&gt;[,v1=&lt;hex&gt;][,v0=…]</c>, HMAC-SHA256 over
/// <c>{t}.{body}</c> keyed with the UTF-8 bytes of the whole <c>whsec_…</c> string, as Stripe's libraries do; any
/// <c>v1</c> matching passes (Stripe sends one per active secret while an endpoint's secret is rolled) and the time
/// must lie within the window. The delivery key is the event's top-level <c>id</c> (<c>evt_…</c>), which Stripe keeps
/// across retries while it re-signs each one; without one it is the signature.
/// </summary>
public sealed class StripeScheme : IWebhookSignatureScheme
{
    /// <summary>The prefix of a Stripe endpoint signing secret.</summary>
    public const string SecretPrefix = "whsec_";

    private const string SignatureHeader = "Stripe-Signature";

    private StripeScheme()
    {
    }

    /// <summary>The scheme (it holds no state).</summary>
    public static StripeScheme Instance { get; } = new();

    /// <inheritdoc/>
    public string Name => nameof(WebhookSignature.Stripe);

    /// <inheritdoc/>
    public IReadOnlyList<string> Headers { get; } = [SignatureHeader];

    /// <inheritdoc/>
    public bool TryRead(IWebhookHeaders headers, DateTimeOffset now, TimeSpan tolerance, out WebhookSignatureInput input, out string? refusal)
    {
        ArgumentNullException.ThrowIfNull(headers);
        input = default;
        if (!WebhookSchemeMath.TryGetRequired(headers, SignatureHeader, out var header, out refusal))
        {
            return false;
        }

        string? timestamp = null;
        var hasV1 = false;
        var list = header.AsSpan();
        foreach (var range in list.Split(','))
        {
            var item = list[range].Trim();
            if (timestamp is null && item.StartsWith("t=", StringComparison.Ordinal))
            {
                timestamp = item[2..].ToString();
            }
            else if (item.StartsWith("v1=", StringComparison.Ordinal))
            {
                hasV1 = true;
            }
        }

        if (timestamp is null || !hasV1)
        {
            refusal = $"the {SignatureHeader} header has no t= or no v1= signature";
            return false;
        }

        if (!WebhookSchemeMath.TryCheckTimestamp(timestamp, SignatureHeader + " t=", now, tolerance, out refusal))
        {
            return false;
        }

        input = new WebhookSignatureInput(null, timestamp, header);
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
    public string GetDeliveryKey(in WebhookSignatureInput input, ReadOnlySpan<byte> body) => WebhookSchemeMath.TopLevelString(body, "id"u8) ?? input.Signatures;

    /// <inheritdoc/>
    public byte[] GetKey(string secret) => WebhookSchemeMath.Utf8Key(secret);

    /// <inheritdoc/>
    /// <remarks>Stripe issues <c>whsec_</c> and at least 24 more characters; anything else (an API key pasted by mistake) is refused.</remarks>
    public string? ValidateSecret(string secret) =>
        secret is null || !secret.StartsWith(SecretPrefix, StringComparison.Ordinal) || secret.Length < SecretPrefix.Length + WebhookSchemeMath.MinimumKeyBytes
            ? $"A Stripe webhook secret is the endpoint's signing secret: 'whsec_' followed by at least {WebhookSchemeMath.MinimumKeyBytes} characters, as Stripe shows it."
            : null;

    /// <inheritdoc/>
    /// <remarks>
    /// <c>whsec_</c> and 64 hex characters, the shape of the Stripe CLI's secrets: for tests and local senders only, since
    /// Stripe issues a live endpoint's secret itself.
    /// </remarks>
    public string GenerateSecret() => SecretPrefix + RandomNumberGenerator.GetHexString(64, lowercase: true);

    private static bool Verify(in WebhookSignatureInput input, ReadOnlySpan<byte> body, ReadOnlySpan<byte> key, WebhookKey? keyed)
    {
        if (key.IsEmpty || input.Timestamp is null || input.Signatures is null)
        {
            return false;
        }

        Span<byte> mac = stackalloc byte[WebhookSchemeMath.MacLength];
        WebhookSchemeMath.Mac(key, keyed, input.Timestamp, null, (byte)'.', body, mac);
        var list = input.Signatures.AsSpan();
        foreach (var range in list.Split(','))
        {
            var item = list[range].Trim();
            if (item.StartsWith("v1=", StringComparison.Ordinal) && WebhookSchemeMath.HexMatches(item[3..], mac))
            {
                return true;
            }
        }

        return false;
    }
}
