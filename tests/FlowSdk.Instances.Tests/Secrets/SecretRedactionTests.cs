using System.Net;
using System.Text;
using System.Text.Json;
using Xunit;

namespace FlowSdk.Instances.Tests;

/// <summary>A secret is masked in the forms it takes on its way into an error message or a stored request.</summary>
public sealed class SecretRedactionTests
{
    private const string Secret = "s3cr+t/Value=with\"quote&amp";

    private static readonly InstanceSecrets Secrets = new("acme", new Dictionary<string, string> { ["api-key"] = Secret });

    public static TheoryData<string, string> Forms() => new()
    {
        { "plain", $"call failed with key {Secret} at the gateway" },
        { "url-encoded", $"GET https://api.example.com/items?key={Uri.EscapeDataString(Secret)}&page=2 failed" },
        { "form-encoded", $"body key={WebUtility.UrlEncode(Secret)}" },
        { "url-encoded lowercase", $"GET /items?key={Uri.EscapeDataString(Secret).ToLowerInvariant()}" },
        { "json-escaped", $"payload {JsonSerializer.Serialize(new { key = Secret })} refused" },
        { "base64", $"token {Convert.ToBase64String(Encoding.UTF8.GetBytes(Secret))} expired" },
        { "basic authorization", $"Authorization: Basic {Convert.ToBase64String(Encoding.UTF8.GetBytes("user:" + Secret))}" },
        { "basic authorization, two-byte user", $"Basic {Convert.ToBase64String(Encoding.UTF8.GetBytes("ab:" + Secret))}" },
        { "base64url", $"jwt part {Convert.ToBase64String(Encoding.UTF8.GetBytes(Secret)).TrimEnd('=').Replace('+', '-').Replace('/', '_')}" },
    };

    [Theory]
    [MemberData(nameof(Forms))]
    public void Every_form_of_a_secret_is_masked(string form, string text)
    {
        var redacted = Secrets.Redact(text);

        Assert.Contains(InstanceSecrets.Mask, redacted, StringComparison.Ordinal);
        foreach (var leak in Leaks())
        {
            Assert.False(redacted.Contains(leak, StringComparison.OrdinalIgnoreCase), $"{form}: '{leak}' is still in '{redacted}'");
        }
    }

    [Fact]
    public void Text_without_a_secret_is_left_alone()
    {
        const string text = "GET https://api.example.com/items?page=2 answered 500: {\"error\":\"upstream\"}";

        Assert.Equal(text, Secrets.Redact(text));
    }

    /// <summary>Long enough pieces of each form that any of them left in the text would give the secret away.</summary>
    private static IEnumerable<string> Leaks()
    {
        var base64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(Secret));
        yield return Secret;
        yield return Uri.EscapeDataString(Secret);
        yield return WebUtility.UrlEncode(Secret);
        yield return JsonEncodedText.Encode(Secret).ToString();
        yield return base64[4..^4];
    }
}
