using System.Security.Cryptography;
using System.Text.Json;
using FlowSdk.Instances;
using Microsoft.Extensions.Options;
using Xunit;

namespace FlowSdk.Instances.Tests;

public sealed class AesGcmSecretProtectorTests
{
    private readonly AesGcmSecretProtector _protector = TestSecrets.CreateProtector();

    [Fact]
    public void A_value_round_trips_and_is_encrypted_differently_each_time()
    {
        var first = _protector.Protect("s3cr3t-välue", "acme/token");
        var second = _protector.Protect("s3cr3t-välue", "acme/token");

        Assert.NotEqual(first, second);
        Assert.DoesNotContain("s3cr3t", first, StringComparison.Ordinal);
        Assert.StartsWith("v1.test.", first, StringComparison.Ordinal);
        Assert.Equal("s3cr3t-välue", _protector.Unprotect(first, "acme/token"));
    }

    [Fact]
    public void A_value_moved_to_another_purpose_or_tampered_with_does_not_decrypt()
    {
        var value = _protector.Protect("s3cr3t", "acme/token");
        Assert.ThrowsAny<CryptographicException>(() => _protector.Unprotect(value, "globex/token"));

        var bytes = Convert.FromBase64String(value["v1.test.".Length..]);
        bytes[^1] ^= 1;
        Assert.ThrowsAny<CryptographicException>(() => _protector.Unprotect("v1.test." + Convert.ToBase64String(bytes), "acme/token"));
        Assert.ThrowsAny<CryptographicException>(() => _protector.Unprotect("v1.gone." + Convert.ToBase64String(bytes), "acme/token"));
        Assert.ThrowsAny<CryptographicException>(() => _protector.Unprotect("plain", "acme/token"));
    }

    [Theory]
    [InlineData(null, "test")]
    [InlineData("missing", "test")]
    [InlineData("test", "short")]
    [InlineData("bad.id", "test")]
    public void Misconfigured_keys_are_refused_at_start(string? activeKeyId, string keyId)
    {
        var options = new SecretProtectionOptions { ActiveKeyId = activeKeyId };
        options.Keys[keyId == "short" ? "test" : keyId] = keyId == "short" ? Convert.ToBase64String(new byte[16]) : TestSecrets.Key;
        if (keyId == "bad.id")
        {
            options.ActiveKeyId = "bad.id";
        }

        Assert.Throws<InvalidOperationException>(() => new AesGcmSecretProtector(Options.Create(options)));
    }

    [Fact]
    public void Instance_secrets_show_names_only_and_redact_values_in_text()
    {
        var secrets = new InstanceSecrets("acme", new Dictionary<string, string> { ["token"] = "abc123token", ["short"] = "abc" });

        Assert.Equal("InstanceSecrets(acme: short, token)", secrets.ToString());
        var json = JsonSerializer.Serialize(secrets);
        Assert.DoesNotContain("abc", json, StringComparison.Ordinal);
        Assert.Contains("token", json, StringComparison.Ordinal);
        Assert.Equal("call failed: Bearer *** rejected, *** too", secrets.Redact("call failed: Bearer abc123token rejected, abc too"));
        Assert.Null(secrets.Redact(null));
        var missing = Assert.Throws<KeyNotFoundException>(() => secrets.GetValue("nope"));
        Assert.DoesNotContain("abc", missing.Message, StringComparison.Ordinal);
    }
}
