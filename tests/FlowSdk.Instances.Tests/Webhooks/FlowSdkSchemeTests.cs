using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using FlowSdk.Instances.Webhooks;
using Xunit;

namespace FlowSdk.Instances.Tests;

/// <summary>
/// FlowSdk's own scheme accepts exactly what <c>InstanceWebhookSignature.Sign</c> sends: <c>sha256=</c> and lowercase hex
/// of HMAC-SHA256 over <c>{timestamp}.{body}</c> keyed with the secret's UTF-8 bytes. This project does not reference
/// FlowSdk.Instances.Hosting, so the sender here is an independent <see cref="HMACSHA256"/> object with that recipe.
/// </summary>
public sealed class FlowSdkSchemeTests
{
    private const string Body = """{"email":"ada@example.com"}""";

    private static readonly FlowSdkScheme Scheme = FlowSdkScheme.Instance;

    [Fact]
    public void The_existing_format_verifies_and_without_a_delivery_header_the_signature_is_the_key()
    {
        var secret = Scheme.GenerateSecret();
        var now = DateTimeOffset.UtcNow;
        var signature = Sign(secret, now.ToUnixTimeSeconds(), Body);
        var input = Read(now, ("X-Flow-Signature", signature));

        Assert.True(Scheme.Verify(input, Encoding.UTF8.GetBytes(Body), Scheme.GetKey(secret)));
        Assert.False(Scheme.Verify(input, Encoding.UTF8.GetBytes(Body + "\n"), Scheme.GetKey(secret)));
        Assert.Equal(signature, Scheme.GetDeliveryKey(input, Encoding.UTF8.GetBytes(Body)));
    }

    [Fact]
    public void A_delivery_header_is_the_key_and_several_signatures_allow_rotation()
    {
        var (old, next) = (Scheme.GenerateSecret(), Scheme.GenerateSecret());
        var now = DateTimeOffset.UtcNow;
        var header = Sign(next, now.ToUnixTimeSeconds(), Body) + " " + Sign(old, now.ToUnixTimeSeconds(), Body).ToUpperInvariant().Replace("SHA256=", "sha256=", StringComparison.Ordinal);
        var input = Read(now, ("X-Flow-Signature", header), ("X-Flow-Delivery", "d-42"));

        Assert.True(Scheme.Verify(input, Encoding.UTF8.GetBytes(Body), Scheme.GetKey(old)));
        Assert.True(Scheme.Verify(input, Encoding.UTF8.GetBytes(Body), Scheme.GetKey(next)));
        Assert.False(Scheme.Verify(input, Encoding.UTF8.GetBytes(Body), Scheme.GetKey(Scheme.GenerateSecret())));
        Assert.Equal("d-42", Scheme.GetDeliveryKey(input, Encoding.UTF8.GetBytes(Body)));
    }

    [Fact]
    public void Renamed_headers_are_read_by_a_scheme_built_for_them()
    {
        var scheme = new FlowSdkScheme("X-Ts", "X-Sig", "X-Id");
        var secret = scheme.GenerateSecret();
        var now = DateTimeOffset.UtcNow;
        var headers = new TestHeaders(("X-Ts", now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)), ("X-Sig", Sign(secret, now.ToUnixTimeSeconds(), Body)));

        Assert.True(scheme.TryRead(headers, now, TimeSpan.FromMinutes(5), out var input, out _));
        Assert.True(scheme.Verify(input, Encoding.UTF8.GetBytes(Body), scheme.GetKey(secret)));
        Assert.Equal(["X-Ts", "X-Sig", "X-Id"], scheme.Headers);
    }

    [Theory]
    [InlineData(-301, false)]
    [InlineData(301, false)]
    [InlineData(299, true)]
    public void The_timestamp_must_lie_within_the_window(int offsetSeconds, bool accepted)
    {
        var signedAt = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);
        var headers = new TestHeaders(("X-Flow-Timestamp", "1700000000"), ("X-Flow-Signature", "sha256=00"));

        Assert.Equal(accepted, Scheme.TryRead(headers, signedAt.AddSeconds(offsetSeconds), TimeSpan.FromMinutes(5), out _, out _));
    }

    [Fact]
    public void A_missing_header_is_refused_and_malformed_values_never_throw()
    {
        Assert.False(Scheme.TryRead(new TestHeaders(("X-Flow-Timestamp", "1700000000")), DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), TimeSpan.FromMinutes(5), out _, out var refusal));
        Assert.Contains("X-Flow-Signature", refusal, StringComparison.Ordinal);
        Assert.False(Scheme.TryRead(new TestHeaders(("X-Flow-Signature", "sha256=00")), DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5), out _, out refusal));
        Assert.Contains("X-Flow-Timestamp", refusal, StringComparison.Ordinal);

        var now = DateTimeOffset.UtcNow;
        var ts = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        SchemeChecks.NeverThrows(Scheme, v => new TestHeaders(("X-Flow-Timestamp", ts), ("X-Flow-Signature", v), ("X-Flow-Delivery", v)), now);
        SchemeChecks.NeverThrows(Scheme, v => new TestHeaders(("X-Flow-Timestamp", v), ("X-Flow-Signature", "sha256=00")), now);
        SchemeChecks.GeneratesValidSecrets(Scheme);
        Assert.Contains("at least 24 bytes", Scheme.ValidateSecret("short"), StringComparison.Ordinal);
    }

    // The recipe of InstanceWebhookSignature.Sign, written independently.
    private static string Sign(string secret, long unixSeconds, string body)
    {
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(secret));
        return "sha256=" + Convert.ToHexString(hmac.ComputeHash(Encoding.UTF8.GetBytes(unixSeconds.ToString(CultureInfo.InvariantCulture) + "." + body))).ToLowerInvariant();
    }

    private static WebhookSignatureInput Read(DateTimeOffset now, params (string, string)[] headers)
    {
        var all = new List<(string, string)>(headers) { ("X-Flow-Timestamp", now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)) };
        Assert.True(Scheme.TryRead(new TestHeaders([.. all]), now, TimeSpan.FromMinutes(5), out var input, out var refusal), refusal);
        return input;
    }
}
