using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace FlowSdk.Instances.Webhooks;

/// <summary>
/// What the built-in schemes share: one-shot HMAC-SHA256 over a signed prefix and the body, constant-time comparison
/// of hex and base64 signatures, the timestamp window and the secret rules. Nothing here throws on request input.
/// </summary>
internal static class WebhookSchemeMath
{
    /// <summary>The fewest key bytes a generated or given secret may have: 192 bits, the Standard Webhooks minimum.</summary>
    public const int MinimumKeyBytes = 24;

    public const int MacLength = HMACSHA256.HashSizeInBytes;

    /// <summary>The most signed bytes hashed from a stack copy; beyond it the body is hashed in place.</summary>
    private const int StackMessage = 1024;

    /// <summary>
    /// HMAC-SHA256 of <c>{first}{separator}{second}{separator}{body}</c> (the parts that are not null) into
    /// <paramref name="destination"/>. A typical webhook fits a stack buffer and takes the one-shot API: no hash object,
    /// no pooled array, nothing allocated. A larger body is hashed in pieces instead, so it is never copied.
    /// </summary>
    /// <remarks>With a <paramref name="keyed"/> key (the host's, kept per instance version) a message that fits the stack is
    /// hashed with the key's kept HMAC instead of the one-shot API.</remarks>
    public static void Mac(ReadOnlySpan<byte> key, WebhookKey? keyed, string? first, string? second, byte separator, ReadOnlySpan<byte> body, Span<byte> destination)
    {
        if (first is null)
        {
            if (keyed is not null && body.Length <= StackMessage)
            {
                keyed.Mac(body, destination);
            }
            else
            {
                HMACSHA256.HashData(key, body, destination);
            }

            return;
        }

        var prefixLength = Encoding.UTF8.GetByteCount(first) + 1 + (second is null ? 0 : Encoding.UTF8.GetByteCount(second) + 1);
        if (prefixLength + body.Length <= StackMessage)
        {
            Span<byte> message = stackalloc byte[prefixLength + body.Length];
            var at = WritePrefix(first, second, separator, message);
            body.CopyTo(message[at..]);
            if (keyed is not null)
            {
                keyed.Mac(message, destination);
            }
            else
            {
                HMACSHA256.HashData(key, message, destination);
            }

            return;
        }

        // Ids and timestamps are short, but they are request input: a prefix too long for the stack is pooled.
        var rented = prefixLength > StackMessage ? ArrayPool<byte>.Shared.Rent(prefixLength) : null;
        try
        {
            Span<byte> prefix = rented ?? stackalloc byte[prefixLength];
            var length = WritePrefix(first, second, separator, prefix);
            using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
            hmac.AppendData(prefix[..length]);
            hmac.AppendData(body);
            hmac.GetHashAndReset(destination);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Whether <paramref name="hex"/> is exactly the hex of <paramref name="expected"/> (either case), compared in constant time.</summary>
    public static bool HexMatches(ReadOnlySpan<char> hex, ReadOnlySpan<byte> expected)
    {
        if (hex.Length != MacLength * 2)
        {
            return false;
        }

        Span<byte> given = stackalloc byte[MacLength];
        return Convert.FromHexString(hex, given, out _, out var written) == OperationStatus.Done &&
            written == MacLength &&
            MacEquals(expected, given);
    }

    /// <summary>Whether <paramref name="base64"/> is exactly the base64 of <paramref name="expected"/>, compared in constant time.</summary>
    public static bool Base64Matches(ReadOnlySpan<char> base64, ReadOnlySpan<byte> expected)
    {
        // 32 bytes are 44 characters with one '=' of padding; anything longer cannot be this MAC.
        if (base64.Length != 44)
        {
            return false;
        }

        Span<byte> given = stackalloc byte[MacLength];
        return Convert.TryFromBase64Chars(base64, given, out var written) &&
            written == MacLength &&
            MacEquals(expected, given);
    }

    /// <summary>
    /// Whether two MACs of <see cref="MacLength"/> bytes are equal, in the same time wherever they differ: their four
    /// 64-bit words XOR-ed and OR-ed together, with no branch on the data. Not
    /// <see cref="CryptographicOperations.FixedTimeEquals"/>, which is compiled without optimisation (so the JIT cannot
    /// add an early exit): about 150 ns for 32 bytes on the benchmark host, most of a scheme's own work besides the hash.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static bool MacEquals(ReadOnlySpan<byte> expected, ReadOnlySpan<byte> given)
    {
        // A MAC's length is public; only its bytes must not show through the time taken.
        if (expected.Length != MacLength || given.Length != MacLength)
        {
            return false;
        }

        ulong difference = 0;
        for (var at = 0; at < MacLength; at += sizeof(ulong))
        {
            difference |= MemoryMarshal.Read<ulong>(expected[at..]) ^ MemoryMarshal.Read<ulong>(given[at..]);
        }

        return difference == 0;
    }

    /// <summary>
    /// Reads a signed Unix-seconds timestamp and checks it lies within <paramref name="tolerance"/> of <paramref name="now"/>
    /// either way; the refusal names the header, never the request's other values.
    /// </summary>
    public static bool TryCheckTimestamp(string? text, string header, DateTimeOffset now, TimeSpan tolerance, out string? refusal)
    {
        if (string.IsNullOrEmpty(text))
        {
            refusal = $"the {header} header is missing";
            return false;
        }

        // Digits only: no sign, no spaces, no exponent; 18 digits cannot overflow the subtraction below.
        if (text.Length > 18 || !long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            refusal = $"the {header} header is not a Unix time in seconds";
            return false;
        }

        var distance = Math.Abs(now.ToUnixTimeSeconds() - seconds);
        if (distance > (long)tolerance.TotalSeconds)
        {
            refusal = $"the {header} time is {distance} s away from this host's clock, more than the {(long)tolerance.TotalSeconds} s allowed";
            return false;
        }

        refusal = null;
        return true;
    }

    /// <summary>Reads a signature and a delivery id, both required, from a sender that signs no time (GitHub, Shopify).</summary>
    public static bool TryReadUntimed(IWebhookHeaders headers, string signatureHeader, string deliveryHeader, out WebhookSignatureInput input, out string? refusal)
    {
        ArgumentNullException.ThrowIfNull(headers);
        input = default;
        if (!TryGetRequired(headers, signatureHeader, out var signature, out refusal) ||
            !TryGetRequired(headers, deliveryHeader, out var delivery, out refusal))
        {
            return false;
        }

        input = new WebhookSignatureInput(delivery, null, signature);
        return true;
    }

    /// <summary>A required header's value, or false with a refusal naming it.</summary>
    public static bool TryGetRequired(IWebhookHeaders headers, string name, out string value, out string? refusal)
    {
        var text = headers.Get(name);
        if (string.IsNullOrWhiteSpace(text))
        {
            value = string.Empty;
            refusal = $"the {name} header is missing";
            return false;
        }

        value = text.Trim();
        refusal = null;
        return true;
    }

    /// <summary>The UTF-8 bytes of a secret used as it is, or an empty key (which verifies nothing) for an empty one.</summary>
    public static byte[] Utf8Key(string secret) => string.IsNullOrEmpty(secret) ? [] : Encoding.UTF8.GetBytes(secret);

    /// <summary>Null when <paramref name="secret"/> has at least <paramref name="minimum"/> UTF-8 bytes, else the rule (never the value).</summary>
    public static string? ValidateUtf8Length(string? secret, int minimum, string scheme) =>
        secret is null || Encoding.UTF8.GetByteCount(secret) < minimum
            ? $"A {scheme} webhook secret must have at least {minimum} bytes in UTF-8; use a random one (the generated secret has 64 hex characters)."
            : null;

    /// <summary>
    /// The string value of a top-level property of a JSON object body (an event id), or null when the body is not a
    /// JSON object or has no such string; never throws.
    /// </summary>
    public static string? TopLevelString(ReadOnlySpan<byte> body, ReadOnlySpan<byte> name)
    {
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var found = reader.ValueTextEquals(name);
                if (!reader.Read())
                {
                    return null;
                }

                if (found)
                {
                    return reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }

                reader.Skip();
            }
        }
        catch (JsonException)
        {
            // A body that is not JSON (a form post) has no event id; the signature still identifies the delivery.
        }

        return null;
    }

    private static int WritePrefix(string first, string? second, byte separator, Span<byte> destination)
    {
        var at = Encoding.UTF8.GetBytes(first, destination);
        destination[at++] = separator;
        if (second is not null)
        {
            at += Encoding.UTF8.GetBytes(second, destination[at..]);
            destination[at++] = separator;
        }

        return at;
    }
}
