using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace FlowSdk.Instances.Hosting;

/// <summary>
/// The signature of a per-instance webhook request: <c>sha256=</c> and the lowercase hex of HMAC-SHA256 keyed with the
/// UTF-8 bytes of the instance's webhook secret over <c>{timestamp}.{body}</c>, where the timestamp is the Unix time in
/// seconds sent in the timestamp header. Senders use <see cref="Sign"/>; the host checks with <see cref="Verify"/>.
/// </summary>
public static class InstanceWebhookSignature
{
    /// <summary>The prefix of a signature value.</summary>
    public const string Prefix = "sha256=";

    private const int HexLength = 64;

    /// <summary>Signs <paramref name="body"/> sent at <paramref name="unixSeconds"/> with <paramref name="secret"/>.</summary>
    /// <returns>The header value, <c>sha256=&lt;64 hex digits&gt;</c>.</returns>
    public static string Sign(string secret, long unixSeconds, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        Compute(secret, unixSeconds.ToString(CultureInfo.InvariantCulture), body, mac);
        return Prefix + Convert.ToHexStringLower(mac);
    }

    /// <summary>
    /// Whether <paramref name="signature"/> is the signature of <paramref name="body"/> at <paramref name="timestamp"/>
    /// under <paramref name="secret"/>. The comparison takes the same time wherever the values differ.
    /// </summary>
    public static bool Verify(string secret, string timestamp, ReadOnlySpan<byte> body, string? signature)
    {
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentNullException.ThrowIfNull(timestamp);
        if (signature is null || signature.Length != Prefix.Length + HexLength || !signature.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        Span<byte> given = stackalloc byte[HMACSHA256.HashSizeInBytes];
        if (Convert.FromHexString(signature.AsSpan(Prefix.Length), given, out _, out var written) != System.Buffers.OperationStatus.Done || written != given.Length)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        Compute(secret, timestamp, body, expected);
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }

    /// <summary>One-shot HMAC over a pooled copy of <c>{timestamp}.{body}</c>: no hash object and no key array per request.</summary>
    private static void Compute(string secret, string timestamp, ReadOnlySpan<byte> body, Span<byte> destination)
    {
        const int StackKey = 256;
        var keyLength = Encoding.UTF8.GetByteCount(secret);
        var rentedKey = keyLength > StackKey ? ArrayPool<byte>.Shared.Rent(keyLength) : null;
        var key = (rentedKey ?? stackalloc byte[StackKey])[..keyLength];
        var messageLength = timestamp.Length + 1 + body.Length;
        var message = ArrayPool<byte>.Shared.Rent(messageLength);
        try
        {
            Encoding.UTF8.GetBytes(secret, key);
            var written = Encoding.ASCII.GetBytes(timestamp, message);
            message[written] = (byte)'.';
            body.CopyTo(message.AsSpan(written + 1));
            HMACSHA256.HashData(key, message.AsSpan(0, messageLength), destination);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
            ArrayPool<byte>.Shared.Return(message);
            if (rentedKey is not null)
            {
                ArrayPool<byte>.Shared.Return(rentedKey);
            }
        }
    }
}
