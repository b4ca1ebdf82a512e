using System.Security.Cryptography;

namespace FlowSdk.Instances.Webhooks;

/// <summary>
/// GitHub: <c>X-Hub-Signature-256: sha256=&lt;hex&gt;</c>, HMAC-SHA256 over the raw body keyed with the UTF-8 bytes of
/// the secret; the delivery key is <c>X-GitHub-Delivery</c> (required). GitHub signs no time, so there is no window:
/// deduplication by delivery id is what stops a replay.
/// </summary>
public sealed class GitHubScheme : IWebhookSignatureScheme
{
    private const string SignatureHeader = "X-Hub-Signature-256";
    private const string DeliveryHeader = "X-GitHub-Delivery";
    private const string Prefix = "sha256=";

    private GitHubScheme()
    {
    }

    /// <summary>The scheme (it holds no state).</summary>
    public static GitHubScheme Instance { get; } = new();

    /// <inheritdoc/>
    public string Name => nameof(WebhookSignature.GitHub);

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
    /// <remarks>
    /// GitHub takes any secret the user types; this rule asks for at least 24 bytes in UTF-8 so a guessable word cannot
    /// key an instance. Paste the same value into the webhook's settings on GitHub.
    /// </remarks>
    public string? ValidateSecret(string secret) => WebhookSchemeMath.ValidateUtf8Length(secret, WebhookSchemeMath.MinimumKeyBytes, Name);

    /// <inheritdoc/>
    /// <remarks>64 lowercase hex characters (32 random bytes), to paste into GitHub's webhook settings.</remarks>
    public string GenerateSecret() => RandomNumberGenerator.GetHexString(64, lowercase: true);

    private static bool Verify(in WebhookSignatureInput input, ReadOnlySpan<byte> body, ReadOnlySpan<byte> key, WebhookKey? keyed)
    {
        var signature = input.Signatures.AsSpan();
        if (key.IsEmpty || !signature.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        Span<byte> mac = stackalloc byte[WebhookSchemeMath.MacLength];
        WebhookSchemeMath.Mac(key, keyed, null, null, 0, body, mac);
        return WebhookSchemeMath.HexMatches(signature[Prefix.Length..], mac);
    }
}
