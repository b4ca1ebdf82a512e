using System.Text;
using FlowSdk.Instances.Webhooks;
using Xunit;

namespace FlowSdk.Instances.Tests;

/// <summary>Slack against its documented example (api.slack.com, "Verifying requests from Slack").</summary>
public sealed class SlackSchemeTests
{
    private const string DocSecret = "8f742231b10e8888abcd99yyyzzz85a5";
    private const string DocTimestamp = "1531420618";
    private const string DocBody = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
    private const string DocSignature = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";

    private static readonly SlackScheme Scheme = SlackScheme.Instance;
    private static readonly DateTimeOffset DocTime = DateTimeOffset.FromUnixTimeSeconds(1531420618);

    [Fact]
    public void The_documented_example_verifies_and_the_signature_is_the_delivery_key()
    {
        Assert.True(Scheme.TryRead(Headers(DocSignature, DocTimestamp), DocTime, TimeSpan.FromMinutes(5), out var input, out var refusal), refusal);

        Assert.True(Scheme.Verify(input, Encoding.UTF8.GetBytes(DocBody), Scheme.GetKey(DocSecret)));
        Assert.False(Scheme.Verify(input, Encoding.UTF8.GetBytes(DocBody.Replace("foobar", "foobaz", StringComparison.Ordinal)), Scheme.GetKey(DocSecret)));
        Assert.Equal(DocSignature, Scheme.GetDeliveryKey(input, Encoding.UTF8.GetBytes(DocBody)));
        Assert.Null(Scheme.ValidateSecret(DocSecret));
    }

    [Fact]
    public void The_timestamp_is_signed_so_a_changed_one_fails()
    {
        Assert.True(Scheme.TryRead(Headers(DocSignature, "1531420619"), DocTime, TimeSpan.FromMinutes(5), out var input, out _));

        Assert.False(Scheme.Verify(input, Encoding.UTF8.GetBytes(DocBody), Scheme.GetKey(DocSecret)));
    }

    [Theory]
    [InlineData(-301)]
    [InlineData(301)]
    public void A_timestamp_outside_the_window_is_refused_before_the_body(int offsetSeconds)
    {
        Assert.False(Scheme.TryRead(Headers(DocSignature, DocTimestamp), DocTime.AddSeconds(offsetSeconds), TimeSpan.FromMinutes(5), out _, out var refusal));
        Assert.Contains("X-Slack-Request-Timestamp", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_header_is_refused()
    {
        Assert.False(Scheme.TryRead(new TestHeaders(("X-Slack-Request-Timestamp", DocTimestamp)), DocTime, TimeSpan.FromMinutes(5), out _, out var refusal));
        Assert.Contains("X-Slack-Signature", refusal, StringComparison.Ordinal);
        Assert.False(Scheme.TryRead(new TestHeaders(("X-Slack-Signature", DocSignature)), DocTime, TimeSpan.FromMinutes(5), out _, out refusal));
        Assert.Contains("X-Slack-Request-Timestamp", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_values_never_throw_and_secrets_have_32_characters()
    {
        SchemeChecks.NeverThrows(Scheme, v => Headers(v, DocTimestamp), DocTime);
        SchemeChecks.NeverThrows(Scheme, v => Headers(DocSignature, v), DocTime);
        SchemeChecks.GeneratesValidSecrets(Scheme);
        Assert.Equal(32, Scheme.GenerateSecret().Length);
        Assert.NotNull(Scheme.ValidateSecret(DocSecret[..31]));
    }

    [Fact]
    public void A_retried_event_re_signed_at_another_time_keeps_its_event_id_as_the_delivery_key()
    {
        const string Event = """{"token":"z26uFbvR1xHJEdHE1OQiO6t8","team_id":"T061EG9RZ","event":{"type":"app_mention","text":"hi"},"type":"event_callback","event_id":"Ev08MFMKH6","event_time":1234567890}""";
        var body = Encoding.UTF8.GetBytes(Event);
        var keys = new List<string>();
        foreach (var sentAt in new[] { DocTime, DocTime.AddSeconds(61) })
        {
            var timestamp = sentAt.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
            var signature = "v0=" + Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(Encoding.UTF8.GetBytes(DocSecret), Encoding.UTF8.GetBytes($"v0:{timestamp}:{Event}")));
            Assert.True(Scheme.TryRead(Headers(signature, timestamp), sentAt, TimeSpan.FromMinutes(5), out var input, out var refusal), refusal);
            Assert.True(Scheme.Verify(input, body, Scheme.GetKey(DocSecret)));
            keys.Add(Scheme.GetDeliveryKey(input, body));
        }

        Assert.Equal(["Ev08MFMKH6", "Ev08MFMKH6"], keys);
    }

    private static TestHeaders Headers(string signature, string timestamp) => new(("X-Slack-Signature", signature), ("X-Slack-Request-Timestamp", timestamp));
}
