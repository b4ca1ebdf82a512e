namespace FlowSdk.Instances;

/// <summary>Encrypts secret values before they reach storage and decrypts them for the code that runs an instance.</summary>
public interface ISecretProtector
{
    /// <summary>Encrypts <paramref name="plaintext"/>, bound to <paramref name="purpose"/> (decrypting under another purpose fails).</summary>
    string Protect(string plaintext, string purpose);

    /// <summary>Decrypts a value made by <see cref="Protect"/> with the same <paramref name="purpose"/>.</summary>
    /// <exception cref="System.Security.Cryptography.CryptographicException">The value was tampered with, moved or made with an unknown key.</exception>
    string Unprotect(string protectedValue, string purpose);

    /// <summary>
    /// Whether <paramref name="protectedValue"/> was made with the key that protects new values, so re-encrypting it
    /// would change nothing. The default answers false: re-encryption then rewrites every value.
    /// </summary>
    bool UsesActiveKey(string protectedValue) => false;
}
