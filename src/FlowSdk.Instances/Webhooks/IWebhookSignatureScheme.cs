namespace FlowSdk.Instances.Webhooks;

/// <summary>
/// One way senders sign webhook requests. The host calls <see cref="TryRead"/> before it reads the body (missing
/// headers and a timestamp outside the window are refused without reading it), then <see cref="Verify(in WebhookSignatureInput, ReadOnlySpan{byte}, ReadOnlySpan{byte})"/> once per
/// usable secret of the instance (current, and previous during a rotation) until one matches. Implementations are
/// stateless singletons and compare in constant time.
/// </summary>
public interface IWebhookSignatureScheme
{
    /// <summary>A short name for logs and errors, for example <c>StandardWebhooks</c>.</summary>
    string Name { get; }

    /// <summary>The headers that carry the signature and its inputs; they are never stored with a request.</summary>
    IReadOnlyList<string> Headers { get; }

    /// <summary>
    /// Reads the signature inputs from <paramref name="headers"/>. False with a <paramref name="refusal"/> (for the log,
    /// never for the caller) when a required header is missing or malformed, or the signed timestamp lies further than
    /// <paramref name="tolerance"/> from <paramref name="now"/>.
    /// </summary>
    bool TryRead(IWebhookHeaders headers, DateTimeOffset now, TimeSpan tolerance, out WebhookSignatureInput input, out string? refusal);

    /// <summary>Whether any signature in <paramref name="input"/> is the signature of <paramref name="body"/> under <paramref name="key"/>.</summary>
    bool Verify(in WebhookSignatureInput input, ReadOnlySpan<byte> body, ReadOnlySpan<byte> key);

    /// <summary>
    /// Whether any signature in <paramref name="input"/> is the signature of <paramref name="body"/> under
    /// <paramref name="key"/>, the key the host keeps per instance version. The built-in schemes hash with the key's kept
    /// HMAC; by default this verifies with the key's bytes.
    /// </summary>
    bool Verify(in WebhookSignatureInput input, ReadOnlySpan<byte> body, WebhookKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Verify(input, body, key.Bytes);
    }

    /// <summary>
    /// The key that identifies this delivery, for deduplicating redeliveries: the sender's delivery id (from the headers
    /// or, for some senders, the body), or the signature itself when the sender sends no id. Called after <see cref="Verify(in WebhookSignatureInput, ReadOnlySpan{byte}, ReadOnlySpan{byte})"/> passed.
    /// </summary>
    string GetDeliveryKey(in WebhookSignatureInput input, ReadOnlySpan<byte> body);

    /// <summary>The HMAC key bytes of a stored secret (for example the base64 after <c>whsec_</c>, or the UTF-8 bytes).</summary>
    byte[] GetKey(string secret);

    /// <summary>Null when <paramref name="secret"/> may key this scheme, else why not (names no value).</summary>
    string? ValidateSecret(string secret);

    /// <summary>A new random secret in this scheme's format, for an instance deployed without one.</summary>
    string GenerateSecret();
}
