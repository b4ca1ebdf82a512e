using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using FlowSdk.Instances.Webhooks;
using Xunit;

namespace FlowSdk.Instances.Tests;

/// <summary>
/// The key the host keeps per instance version: its kept HMAC computes exactly what the one-shot API computes, message
/// after message, from several threads at once and after it was disposed, and every built-in scheme verifies the same
/// with it as with the key's bytes, on either side of the size where hashing stops copying the body.
/// </summary>
public sealed class WebhookKeyTests
{
    private static readonly int[] Sizes = [0, 1, 63, 64, 200, 1000, 1010, 1024, 1100, 5000];

    private static byte[] Message(int length, int seed) => [.. Enumerable.Range(0, length).Select(i => (byte)(i * 31 + seed))];

    [Fact]
    public void The_kept_hmac_computes_what_the_one_shot_api_computes_message_after_message()
    {
        var bytes = RandomNumberGenerator.GetBytes(32);
        using var key = new WebhookKey(bytes);
        Span<byte> kept = stackalloc byte[32];
        for (var length = 0; length < 3000; length += 97)
        {
            var message = Message(length, length);
            key.Mac(message, kept);
            Assert.Equal(HMACSHA256.HashData(bytes, message), kept.ToArray());
        }
    }

    [Fact]
    public async Task Requests_on_one_key_from_several_threads_each_get_their_own_message_s_mac()
    {
        var bytes = RandomNumberGenerator.GetBytes(32);
        using var key = new WebhookKey(bytes);
        var wrong = 0;
        await Task.WhenAll(Enumerable.Range(0, 4).Select(thread => Task.Run(() =>
        {
            Span<byte> mac = stackalloc byte[32];
            for (var i = 0; i < 2000; i++)
            {
                var message = Message(20 + (i % 300), thread * 7 + i);
                key.Mac(message, mac);
                if (!mac.SequenceEqual(HMACSHA256.HashData(bytes, message)))
                {
                    Interlocked.Increment(ref wrong);
                }
            }
        })));

        Assert.Equal(0, wrong);
    }

    [Fact]
    public void A_disposed_key_and_an_empty_one_still_compute_with_the_one_shot_api()
    {
        var bytes = RandomNumberGenerator.GetBytes(24);
        var key = new WebhookKey(bytes);
        Span<byte> mac = stackalloc byte[32];
        key.Mac("first"u8, mac);
        key.Dispose();
        key.Mac("after"u8, mac);
        Assert.Equal(HMACSHA256.HashData(bytes, "after"u8.ToArray()), mac.ToArray());

        using var empty = new WebhookKey([]);
        empty.Mac("x"u8, mac);
        Assert.Equal(HMACSHA256.HashData(Array.Empty<byte>(), "x"u8.ToArray()), mac.ToArray());
    }

    [Fact]
    public void Standard_Webhooks_signatures_from_the_vendor_library_verify_the_same_with_the_kept_key()
    {
        var scheme = StandardWebhooksScheme.Instance;
        var secret = scheme.GenerateSecret();
        using var key = new WebhookKey(scheme.GetKey(secret));
        var now = DateTimeOffset.UtcNow;
        foreach (var size in Sizes)
        {
            var body = new string('a', size);
            var signature = new StandardWebhooks.StandardWebhook(secret).Sign("msg_" + size, now, body);
            var headers = new TestHeaders(("webhook-id", "msg_" + size), ("webhook-timestamp", now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)), ("webhook-signature", signature));
            Assert.True(scheme.TryRead(headers, now, TimeSpan.FromMinutes(5), out var input, out _));
            AgreeOn(scheme, input, Encoding.UTF8.GetBytes(body), key, expected: true);
            AgreeOn(scheme, input, Encoding.UTF8.GetBytes(body + "!"), key, expected: false);
        }
    }

    [Fact]
    public void Every_scheme_that_signs_a_prefix_or_the_body_alone_verifies_the_same_with_the_kept_key()
    {
        var now = DateTimeOffset.UtcNow;
        var ts = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        foreach (var size in Sizes)
        {
            var body = Message(size, size);
            foreach (var (scheme, headers) in new (IWebhookSignatureScheme, Func<string, TestHeaders>)[]
            {
                // Each scheme's documented recipe, written independently of the schemes' code.
                (GitHubScheme.Instance, s => new TestHeaders(("X-Hub-Signature-256", "sha256=" + Hex(s, [], body)), ("X-GitHub-Delivery", "d-1"))),
                (ShopifyScheme.Instance, s => new TestHeaders(("X-Shopify-Hmac-Sha256", Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(s), body))), ("X-Shopify-Webhook-Id", "d-1"))),
                (SlackScheme.Instance, s => new TestHeaders(("X-Slack-Request-Timestamp", ts), ("X-Slack-Signature", "v0=" + Hex(s, Encoding.UTF8.GetBytes($"v0:{ts}:"), body)))),
                (FlowSdkScheme.Instance, s => new TestHeaders(("X-Flow-Timestamp", ts), ("X-Flow-Signature", "sha256=" + Hex(s, Encoding.UTF8.GetBytes($"{ts}."), body)))),
            })
            {
                var secret = scheme.GenerateSecret();
                using var key = new WebhookKey(scheme.GetKey(secret));
                Assert.True(scheme.TryRead(headers(secret), now, TimeSpan.FromMinutes(5), out var input, out var refusal), refusal);
                AgreeOn(scheme, input, body, key, expected: true);
                AgreeOn(scheme, input, [.. body, (byte)'!'], key, expected: false);
            }
        }
    }

    private static string Hex(string secret, byte[] prefix, byte[] body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), prefix.Concat(body).ToArray()));

    private static void AgreeOn(IWebhookSignatureScheme scheme, WebhookSignatureInput input, byte[] body, WebhookKey key, bool expected)
    {
        Assert.Equal(expected, scheme.Verify(input, body, key.Bytes));

        // Twice: the second use takes the kept HMAC the first one created.
        Assert.Equal(expected, scheme.Verify(input, body, key));
        Assert.Equal(expected, scheme.Verify(input, body, key));
    }
}
