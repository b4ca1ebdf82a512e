using System.Security.Cryptography;
using System.Text;
using FlowSdk.Instances.Webhooks;
using Xunit;

namespace FlowSdk.Instances.Tests;

/// <summary>
/// Shopify: no official test vector is published, so the sender here signs as Shopify's docs describe (base64 of
/// HMAC-SHA256 over the raw body keyed with the secret's UTF-8 bytes) with an <see cref="HMACSHA256"/> object, another
/// code path than the scheme's one-shot hashing.
/// </summary>
public sealed class ShopifySchemeTests
{
    private const string Body = """{"id":820982911946154508,"email":"jon@example.com","total_price":"254.98"}""";
    private const string WebhookId = "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043";

    private static readonly ShopifyScheme Scheme = ShopifyScheme.Instance;

    [Fact]
    public void A_request_signed_as_Shopify_documents_verifies_and_the_webhook_id_is_the_key()
    {
        var secret = Scheme.GenerateSecret();
        var input = Read(Sign(secret, Body));

        Assert.True(Scheme.Verify(input, Encoding.UTF8.GetBytes(Body), Scheme.GetKey(secret)));
        Assert.Equal(WebhookId, Scheme.GetDeliveryKey(input, Encoding.UTF8.GetBytes(Body)));
    }

    [Fact]
    public void A_fixed_example_verifies()
    {
        // Computed once with Python's hmac module: base64(HMAC-SHA256(key=b"hush", msg=body)).
        var input = Read("D0UMXmhjwBRi4y66TmhJrDlhQABD7zI2fm3p6/QLMo8=");

        Assert.True(Scheme.Verify(input, """{"id":820982911946154508,"email":"jon@example.com"}"""u8, Scheme.GetKey("hush")));
    }

    [Fact]
    public void A_tampered_body_or_another_secret_fails()
    {
        var secret = Scheme.GenerateSecret();
        var input = Read(Sign(secret, Body));

        Assert.False(Scheme.Verify(input, Encoding.UTF8.GetBytes(Body.Replace("254.98", "0.01", StringComparison.Ordinal)), Scheme.GetKey(secret)));
        Assert.False(Scheme.Verify(input, Encoding.UTF8.GetBytes(Body), Scheme.GetKey(Scheme.GenerateSecret())));
    }

    [Theory]
    [InlineData("X-Shopify-Hmac-Sha256")]
    [InlineData("X-Shopify-Webhook-Id")]
    public void A_missing_header_is_refused_before_the_body(string missing)
    {
        var all = new List<(string, string)> { ("X-Shopify-Hmac-Sha256", "abc="), ("X-Shopify-Webhook-Id", WebhookId) };
        all.RemoveAll(h => h.Item1 == missing);

        Assert.False(Scheme.TryRead(new TestHeaders([.. all]), DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5), out _, out var refusal));
        Assert.Contains(missing, refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_values_never_throw_and_secrets_have_32_characters()
    {
        SchemeChecks.NeverThrows(Scheme, v => new TestHeaders(("X-Shopify-Hmac-Sha256", v), ("X-Shopify-Webhook-Id", v)), DateTimeOffset.UtcNow);
        SchemeChecks.GeneratesValidSecrets(Scheme);
        Assert.NotNull(Scheme.ValidateSecret(new string('a', 31)));
        Assert.Null(Scheme.ValidateSecret(new string('a', 32)));
    }

    private static string Sign(string secret, string body)
    {
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(secret));
        return Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes(body)));
    }

    private static WebhookSignatureInput Read(string signature)
    {
        var headers = new TestHeaders(("X-Shopify-Hmac-Sha256", signature), ("X-Shopify-Webhook-Id", WebhookId), ("X-Shopify-Triggered-At", "2023-03-29T18:00:27.877041743Z"));
        Assert.True(Scheme.TryRead(headers, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5), out var input, out var refusal), refusal);
        return input;
    }
}
