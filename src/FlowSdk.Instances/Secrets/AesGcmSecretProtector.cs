using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace FlowSdk.Instances;

/// <summary>
/// Encrypts secrets with AES-256-GCM under a configured key. The output is <c>v1.{keyId}.{base64(nonce|tag|ciphertext)}</c>;
/// the purpose (instance id and secret name) is the associated data, so a value copied to another instance or name
/// fails to decrypt. A random 96-bit nonce per value is safe far beyond any realistic number of secret writes per key.
/// </summary>
public sealed class AesGcmSecretProtector : ISecretProtector
{
    private const string Prefix = "v1.";
    private const int NonceSize = 12;
    private const int TagSize = 16;

    private readonly Dictionary<string, byte[]> _keys;
    private readonly string _activeKeyId;

    /// <summary>Creates the protector from validated options.</summary>
    /// <exception cref="InvalidOperationException">No active key, an unknown active key id, or a key that is not 32 bytes.</exception>
    public AesGcmSecretProtector(IOptions<SecretProtectionOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var value = options.Value;
        _keys = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (id, base64) in value.Keys)
        {
            if (id.Length == 0 || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                throw new InvalidOperationException($"Secret key id '{id}' may hold only letters, digits, '-' and '_'.");
            }

            byte[] key;
            try
            {
                key = Convert.FromBase64String(base64);
            }
            catch (FormatException)
            {
                throw new InvalidOperationException($"Secret key '{id}' is not valid base64.");
            }

            if (key.Length != 32)
            {
                throw new InvalidOperationException($"Secret key '{id}' must be 32 bytes (AES-256), not {key.Length}.");
            }

            _keys[id] = key;
        }

        if (value.ActiveKeyId is null || !_keys.ContainsKey(value.ActiveKeyId))
        {
            throw new InvalidOperationException("SecretProtectionOptions.ActiveKeyId must name one of the configured keys.");
        }

        _activeKeyId = value.ActiveKeyId;
    }

    /// <summary>Makes a new random key in the base64 form <see cref="SecretProtectionOptions.Keys"/> expects.</summary>
    public static string GenerateKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <inheritdoc/>
    public string Protect(string plaintext, string purpose)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        ArgumentNullException.ThrowIfNull(purpose);
        var plain = Encoding.UTF8.GetBytes(plaintext);
        var buffer = new byte[NonceSize + TagSize + plain.Length];
        var nonce = buffer.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using (var aes = new AesGcm(_keys[_activeKeyId], TagSize))
        {
            aes.Encrypt(nonce, plain, buffer.AsSpan(NonceSize + TagSize), buffer.AsSpan(NonceSize, TagSize), Encoding.UTF8.GetBytes(purpose));
        }

        CryptographicOperations.ZeroMemory(plain);
        return Prefix + _activeKeyId + "." + Convert.ToBase64String(buffer);
    }

    /// <inheritdoc/>
    public bool UsesActiveKey(string protectedValue)
    {
        ArgumentNullException.ThrowIfNull(protectedValue);
        return protectedValue.StartsWith(Prefix, StringComparison.Ordinal)
            && protectedValue.AsSpan(Prefix.Length).StartsWith(_activeKeyId + ".", StringComparison.Ordinal);
    }

    /// <inheritdoc/>
    public string Unprotect(string protectedValue, string purpose)
    {
        ArgumentNullException.ThrowIfNull(protectedValue);
        ArgumentNullException.ThrowIfNull(purpose);
        var dot = protectedValue.IndexOf('.', Prefix.Length);
        if (!protectedValue.StartsWith(Prefix, StringComparison.Ordinal) || dot < 0)
        {
            throw new CryptographicException("The protected value has an unknown format.");
        }

        var keyId = protectedValue[Prefix.Length..dot];
        if (!_keys.TryGetValue(keyId, out var key))
        {
            throw new CryptographicException($"The protected value was made with key '{keyId}', which is not configured.");
        }

        var payload = protectedValue.AsSpan(dot + 1);
        var buffer = new byte[Base64.GetMaxDecodedFromUtf8Length(payload.Length)];
        if (!Convert.TryFromBase64Chars(payload, buffer, out var length) || length < NonceSize + TagSize)
        {
            throw new CryptographicException("The protected value is damaged.");
        }

        var plain = new byte[length - NonceSize - TagSize];
        using (var aes = new AesGcm(key, TagSize))
        {
            aes.Decrypt(buffer.AsSpan(0, NonceSize), buffer.AsSpan(NonceSize + TagSize, plain.Length), buffer.AsSpan(NonceSize, TagSize), plain, Encoding.UTF8.GetBytes(purpose));
        }

        var text = Encoding.UTF8.GetString(plain);
        CryptographicOperations.ZeroMemory(plain);
        return text;
    }
}
