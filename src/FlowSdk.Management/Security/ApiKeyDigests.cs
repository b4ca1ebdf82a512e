using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace FlowSdk.Management;

/// <summary>
/// The SHA-256 digest of every configured key, computed once per options instance (the options monitor caches it until
/// the options change), so a request hashes only the key it presents.
/// </summary>
internal sealed class ApiKeyDigests
{
    private const int DigestLength = 32;

    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdefABCDEF");

    private ApiKeyDigests(IReadOnlyList<(byte[] Digest, ManagementApiKey Key)> entries) => Entries = entries;

    public IReadOnlyList<(byte[] Digest, ManagementApiKey Key)> Entries { get; }

    /// <summary>Digests of the keys that are valid; a key that is not (see <see cref="Validate"/>) never matches.</summary>
    public static ApiKeyDigests Create(IEnumerable<ManagementApiKey> keys)
    {
        var entries = new List<(byte[], ManagementApiKey)>();
        foreach (var key in keys)
        {
            if (TryGetDigest(key, out var digest))
            {
                entries.Add((digest, key));
            }
        }

        return new ApiKeyDigests(entries);
    }

    /// <summary>Finds the key whose digest equals <paramref name="presented"/>'s, comparing against every key in constant time.</summary>
    public ManagementApiKey? Match(string presented)
    {
        Span<byte> digest = stackalloc byte[DigestLength];
        SHA256.HashData(Encoding.UTF8.GetBytes(presented), digest);
        ManagementApiKey? match = null;
        foreach (var (expected, key) in Entries)
        {
            // No early exit: neither timing nor order tells which key came close.
            if (CryptographicOperations.FixedTimeEquals(digest, expected) && match is null)
            {
                match = key;
            }
        }

        return match;
    }

    /// <summary>Every rule the keys break, each naming its key; empty when all are fine.</summary>
    public static List<string> Validate(IEnumerable<ManagementApiKey> keys)
    {
        var failures = new List<string>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var position = 0;
        foreach (var key in keys)
        {
            var label = string.IsNullOrWhiteSpace(key.Name) ? $"#{position}" : $"'{key.Name}'";
            position++;
            if (string.IsNullOrWhiteSpace(key.Name))
            {
                failures.Add($"Management API key {label} has no Name; give every key a unique name.");
            }
            else if (!names.Add(key.Name))
            {
                failures.Add($"Management API key {label} is configured more than once; key names must be unique.");
            }

            var hasKey = !string.IsNullOrEmpty(key.Key);
            var hasHash = !string.IsNullOrEmpty(key.KeyHash);
            if (hasKey == hasHash)
            {
                failures.Add($"Management API key {label} must set exactly one of Key and KeyHash.");
            }
            else if (hasKey && key.Key.Length < ManagementApiKey.MinimumKeyLength)
            {
                failures.Add($"Management API key {label} is shorter than {ManagementApiKey.MinimumKeyLength} characters; use at least {ManagementApiKey.MinimumKeyLength} random characters.");
            }
            else if (hasHash && !TryParseHash(key.KeyHash!, out _))
            {
                failures.Add($"Management API key {label} has a malformed KeyHash; use '{ManagementApiKey.HashPrefix}' followed by the 64 hex digits of the key's SHA-256.");
            }
        }

        return failures;
    }

    private static bool TryGetDigest(ManagementApiKey key, out byte[] digest)
    {
        var hasKey = !string.IsNullOrEmpty(key.Key);
        var hasHash = !string.IsNullOrEmpty(key.KeyHash);
        if (hasKey && !hasHash && key.Key.Length >= ManagementApiKey.MinimumKeyLength)
        {
            digest = SHA256.HashData(Encoding.UTF8.GetBytes(key.Key));
            return true;
        }

        if (hasHash && !hasKey)
        {
            return TryParseHash(key.KeyHash!, out digest);
        }

        digest = [];
        return false;
    }

    private static bool TryParseHash(string text, out byte[] digest)
    {
        digest = [];
        if (!text.StartsWith(ManagementApiKey.HashPrefix, StringComparison.Ordinal))
        {
            return false;
        }

        var hex = text.AsSpan(ManagementApiKey.HashPrefix.Length);
        if (hex.Length != DigestLength * 2 || hex.ContainsAnyExcept(HexDigits))
        {
            return false;
        }

        digest = Convert.FromHexString(hex);
        return true;
    }
}
