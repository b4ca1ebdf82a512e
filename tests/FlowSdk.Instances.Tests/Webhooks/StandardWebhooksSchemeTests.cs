using System.Text;
using FlowSdk.Instances.Webhooks;
using StandardWebhooks;
using Xunit;

namespace FlowSdk.Instances.Tests;

/// <summary>Standard Webhooks against the specification's published test vector and the StandardWebhooks package as the sender.</summary>
public sealed class StandardWebhooksSchemeTests
{
    // The test vector of the Standard Webhooks reference libraries (standard-webhooks/standard-webhooks), also used by Svix.
    private const string VectorSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string VectorId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const string VectorTimestamp = "1614265330";
    private const string VectorBody = """{"test": 2432232314}""";
    private const string VectorSignature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    private static readonly StandardWebhooksScheme Scheme = StandardWebhooksScheme.Instance;
    private static readonly DateTimeOffset VectorTime = DateTimeOffset.FromUnixTimeSeconds(1614265330);

    [Fact]
    public void The_published_test_vector_verifies_with_and_without_the_whsec_prefix()
    {
        var input = Read(VectorId, VectorTimestamp, VectorSignature, VectorTime);

        Assert.True(Scheme.Verify(input, Encoding.UTF8.GetBytes(VectorBody), Scheme.GetKey(VectorSecret)));
        Assert.True(Scheme.Verify(input, Encoding.UTF8.GetBytes(VectorBody), Scheme.GetKey(VectorSecret["whsec_".Length..])));
        Assert.False(Scheme.Verify(input, Encoding.UTF8.GetBytes(VectorBody + " "), Scheme.GetKey(VectorSecret)));
        Assert.Equal(VectorId, Scheme.GetDeliveryKey(input, Encoding.UTF8.GetBytes(VectorBody)));
    }

    [Fact]
    public void A_signature_from_the_StandardWebhooks_package_verifies_and_a_tampered_body_does_not()
    {
        var secret = Scheme.GenerateSecret();
        var now = DateTimeOffset.UtcNow;
        const string body = """{"type":"invoice.paid","amount":4200}""";
        var signature = new StandardWebhook(secret).Sign("msg_2Lh9KQ", now, body);

        var input = Read("msg_2Lh9KQ", now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), signature, now);

        Assert.True(Scheme.Verify(input, Encoding.UTF8.GetBytes(body), Scheme.GetKey(secret)));
        Assert.False(Scheme.Verify(input, Encoding.UTF8.GetBytes(body.Replace("4200", "4201", StringComparison.Ordinal)), Scheme.GetKey(secret)));
        Assert.False(Scheme.Verify(input, Encoding.UTF8.GetBytes(body), Scheme.GetKey(Scheme.GenerateSecret())));
    }

    [Fact]
    public void Two_signatures_from_an_old_and_a_new_secret_pass_with_either_key_and_other_versions_are_ignored()
    {
        var (old, next) = (Scheme.GenerateSecret(), Scheme.GenerateSecret());
        var now = DateTimeOffset.UtcNow;
        const string body = """{"rotated":true}""";
        var header = $"v2,ignoredsignature {new StandardWebhook(next).Sign("msg_r", now, body)} {new StandardWebhook(old).Sign("msg_r", now, body)}";
        var input = Read("msg_r", now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), header, now);

        Assert.True(Scheme.Verify(input, Encoding.UTF8.GetBytes(body), Scheme.GetKey(old)));
        Assert.True(Scheme.Verify(input, Encoding.UTF8.GetBytes(body), Scheme.GetKey(next)));
        Assert.False(Scheme.Verify(input, Encoding.UTF8.GetBytes(body), Scheme.GetKey(Scheme.GenerateSecret())));
    }

    [Fact]
    public void What_the_scheme_accepts_the_StandardWebhooks_package_accepts()
    {
        var secret = Scheme.GenerateSecret();
        var now = DateTimeOffset.UtcNow;
        const string body = """{"ok":1}""";
        var signature = new StandardWebhook(secret).Sign("msg_both", now, body);
        var headers = new Microsoft.AspNetCore.Http.HeaderDictionary
        {
            ["webhook-id"] = "msg_both",
            ["webhook-timestamp"] = now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["webhook-signature"] = signature,
        };

        new StandardWebhook(secret).Verify(body, headers); // throws when it does not verify
        Assert.True(Scheme.Verify(Read("msg_both", headers["webhook-timestamp"]!, signature, now), Encoding.UTF8.GetBytes(body), Scheme.GetKey(secret)));
    }

    [Theory]
    [InlineData("webhook-id")]
    [InlineData("webhook-timestamp")]
    [InlineData("webhook-signature")]
    public void A_missing_header_is_refused_before_the_body(string missing)
    {
        var all = new List<(string, string)> { ("webhook-id", VectorId), ("webhook-timestamp", VectorTimestamp), ("webhook-signature", VectorSignature) };
        all.RemoveAll(h => h.Item1 == missing);

        Assert.False(Scheme.TryRead(new TestHeaders([.. all]), VectorTime, TimeSpan.FromMinutes(5), out _, out var refusal));
        Assert.Contains(missing, refusal, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-301, false)]
    [InlineData(301, false)]
    [InlineData(-300, true)]
    [InlineData(300, true)]
    public void The_timestamp_must_lie_within_the_window_either_way(int offsetSeconds, bool accepted)
    {
        var headers = new TestHeaders(("webhook-id", VectorId), ("webhook-timestamp", VectorTimestamp), ("webhook-signature", VectorSignature));

        Assert.Equal(accepted, Scheme.TryRead(headers, VectorTime.AddSeconds(offsetSeconds), TimeSpan.FromMinutes(5), out _, out var refusal));
        Assert.Equal(accepted, refusal is null);
    }

    [Fact]
    public void Malformed_values_never_throw()
    {
        SchemeChecks.NeverThrows(Scheme, v => new TestHeaders(("webhook-id", v), ("webhook-timestamp", "1614265330"), ("webhook-signature", v)), VectorTime);
        SchemeChecks.NeverThrows(Scheme, v => new TestHeaders(("webhook-id", "msg"), ("webhook-timestamp", v), ("webhook-signature", VectorSignature)), VectorTime);
        SchemeChecks.NeverThrows(Scheme, v => new TestHeaders(("webhook-id", "msg"), ("webhook-timestamp", "1614265330"), ("webhook-signature", v)), VectorTime);
    }

    [Fact]
    public void Secrets_must_be_base64_of_at_least_24_bytes_and_generated_ones_are_32()
    {
        SchemeChecks.GeneratesValidSecrets(Scheme);
        Assert.StartsWith("whsec_", Scheme.GenerateSecret(), StringComparison.Ordinal);
        Assert.Equal(32, Scheme.GetKey(Scheme.GenerateSecret()).Length);
        Assert.Null(Scheme.ValidateSecret(VectorSecret));
        Assert.Null(Scheme.ValidateSecret(VectorSecret["whsec_".Length..]));

        var shortSecret = "whsec_" + Convert.ToBase64String(new byte[23]);
        Assert.Contains("shorter than 24 random bytes", Scheme.ValidateSecret(shortSecret), StringComparison.Ordinal);
        Assert.DoesNotContain(shortSecret, Scheme.ValidateSecret(shortSecret), StringComparison.Ordinal);
        Assert.Contains("not valid base64", Scheme.ValidateSecret("whsec_not*base64*at*all*but*long*enough"), StringComparison.Ordinal);
        Assert.Empty(Scheme.GetKey("whsec_not*base64"));
    }

    private static WebhookSignatureInput Read(string id, string timestamp, string signature, DateTimeOffset now)
    {
        var headers = new TestHeaders(("Webhook-Id", id), ("webhook-timestamp", timestamp), ("WEBHOOK-SIGNATURE", signature));
        Assert.True(Scheme.TryRead(headers, now, TimeSpan.FromMinutes(5), out var input, out var refusal), refusal);
        return input;
    }
}
