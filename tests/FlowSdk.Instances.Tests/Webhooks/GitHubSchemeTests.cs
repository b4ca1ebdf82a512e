using System.Text;
using FlowSdk.Instances.Webhooks;
using Octokit.Webhooks;
using Xunit;

namespace FlowSdk.Instances.Tests;

/// <summary>GitHub against its documented example ("Validating webhook deliveries") and Octokit.Webhooks' validator.</summary>
public sealed class GitHubSchemeTests
{
    // docs.github.com, "Validating webhook deliveries": the example secret, payload and X-Hub-Signature-256.
    private const string DocSecret = "It's a Secret to Everybody";
    private const string DocBody = "Hello, World!";
    private const string DocSignature = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
    private const string Delivery = "72d3162e-cc78-11e3-81ab-4c9367dc0958";

    private static readonly GitHubScheme Scheme = GitHubScheme.Instance;

    [Fact]
    public void The_documented_example_verifies_and_the_delivery_id_is_the_key()
    {
        var input = Read(DocSignature);

        Assert.True(Scheme.Verify(input, Encoding.UTF8.GetBytes(DocBody), Scheme.GetKey(DocSecret)));
        Assert.False(Scheme.Verify(input, Encoding.UTF8.GetBytes("Hello, World?"), Scheme.GetKey(DocSecret)));
        Assert.False(Scheme.Verify(input, Encoding.UTF8.GetBytes(DocBody), Scheme.GetKey(DocSecret + "!")));
        Assert.Equal(Delivery, Scheme.GetDeliveryKey(input, Encoding.UTF8.GetBytes(DocBody)));
    }

    [Fact]
    public void Octokit_Webhooks_and_the_scheme_agree()
    {
        var secret = Scheme.GenerateSecret();
        var body = Encoding.UTF8.GetBytes("""{"action":"opened","number":1347}""");
        var signature = "sha256=" + Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

        Assert.Equal(WebhookSignatureValidationResult.Valid, WebhookSignatureValidator.Verify(signatureHeader: signature, secret: secret, bodyUtf8: body));
        Assert.True(Scheme.Verify(Read(signature), body, Scheme.GetKey(secret)));

        Assert.Equal(WebhookSignatureValidationResult.Valid, WebhookSignatureValidator.Verify(signatureHeader: DocSignature, secret: DocSecret, bodyUtf8: Encoding.UTF8.GetBytes(DocBody)));

        body[^2] = (byte)'2';
        Assert.Equal(WebhookSignatureValidationResult.SignatureMismatch, WebhookSignatureValidator.Verify(signatureHeader: signature, secret: secret, bodyUtf8: body));
        Assert.False(Scheme.Verify(Read(signature), body, Scheme.GetKey(secret)));
    }

    [Theory]
    [InlineData("X-Hub-Signature-256")]
    [InlineData("X-GitHub-Delivery")]
    public void A_missing_header_is_refused_before_the_body(string missing)
    {
        var all = new List<(string, string)> { ("X-Hub-Signature-256", DocSignature), ("X-GitHub-Delivery", Delivery) };
        all.RemoveAll(h => h.Item1 == missing);

        Assert.False(Scheme.TryRead(new TestHeaders([.. all]), DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5), out _, out var refusal));
        Assert.Contains(missing, refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void GitHub_signs_no_time_so_an_old_delivery_is_read_at_any_clock()
    {
        Assert.True(Scheme.TryRead(new TestHeaders(("X-Hub-Signature-256", DocSignature), ("X-GitHub-Delivery", Delivery)), DateTimeOffset.MaxValue, TimeSpan.Zero, out var input, out _));
        Assert.Null(input.Timestamp);
    }

    [Fact]
    public void Malformed_values_never_throw_and_secrets_need_24_bytes()
    {
        SchemeChecks.NeverThrows(Scheme, v => new TestHeaders(("X-Hub-Signature-256", v), ("X-GitHub-Delivery", v)), DateTimeOffset.UtcNow);
        SchemeChecks.GeneratesValidSecrets(Scheme);
        Assert.Null(Scheme.ValidateSecret(DocSecret)); // 26 bytes
        Assert.NotNull(Scheme.ValidateSecret("\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9")); // 11 characters, 22 bytes
        Assert.Contains("at least 24 bytes", Scheme.ValidateSecret("too-short-secret"), StringComparison.Ordinal);
    }

    private static WebhookSignatureInput Read(string signature)
    {
        Assert.True(Scheme.TryRead(new TestHeaders(("x-hub-signature-256", signature), ("x-github-delivery", Delivery)), DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5), out var input, out var refusal), refusal);
        return input;
    }
}
