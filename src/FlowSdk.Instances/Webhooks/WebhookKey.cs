using System.Security.Cryptography;

namespace FlowSdk.Instances.Webhooks;

/// <summary>
/// The HMAC-SHA256 key of one webhook secret, decoded once (<see cref="IWebhookSignatureScheme.GetKey"/>) and kept by the
/// host for as long as the instance version it belongs to. Besides the bytes it keeps one keyed HMAC whose inner and
/// outer hash states are computed once: hashing a message with it skips the key setup the one-shot API repeats on every
/// call, most of the cost of a small webhook's signature. One request uses it at a time; a concurrent request on the
/// same key takes the one-shot API instead of waiting. Dispose it when its version is replaced, to release the native
/// context at once rather than at the next collection.
/// </summary>
public sealed class WebhookKey : IDisposable
{
    private readonly byte[] _bytes;
    private HMACSHA256? _idle;
    private int _created;

    /// <summary>Keeps <paramref name="bytes"/> (not copied) as the key.</summary>
    public WebhookKey(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        _bytes = bytes;
    }

    /// <summary>The key's bytes; empty for a secret the scheme could not decode (it then verifies nothing).</summary>
    public ReadOnlySpan<byte> Bytes => _bytes;

    /// <summary>HMAC-SHA256 of <paramref name="message"/> under this key into <paramref name="destination"/> (32 bytes).</summary>
    public void Mac(ReadOnlySpan<byte> message, Span<byte> destination)
    {
        var hmac = Interlocked.Exchange(ref _idle, null);
        if (hmac is null)
        {
            // Created on the first use only: a key that is in use elsewhere is not worth a second native context.
            if (_bytes.Length == 0 || Interlocked.Exchange(ref _created, 1) != 0)
            {
                HMACSHA256.HashData(_bytes, message, destination);
                return;
            }

            hmac = new HMACSHA256(_bytes);
        }

        hmac.TryComputeHash(message, destination, out _);

        // Computing the hash resets it to the keyed state, ready for the next message. Put back after a Dispose it is
        // not used again; its finalizer releases it.
        Volatile.Write(ref _idle, hmac);
    }

    /// <summary>Releases the keyed HMAC; later messages take the one-shot API.</summary>
    public void Dispose()
    {
        Volatile.Write(ref _created, 1);
        Interlocked.Exchange(ref _idle, null)?.Dispose();
    }
}
