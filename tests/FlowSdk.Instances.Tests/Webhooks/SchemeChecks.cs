using FlowSdk.Instances.Webhooks;
using Xunit;

namespace FlowSdk.Instances.Tests;

/// <summary>What every scheme must do with input that is not a signed request.</summary>
internal static class SchemeChecks
{
    public static readonly string[] Malformed =
    [
        "", " ", ",", "=", "v1,", "v1,!!!!", "sha256=", "sha256=zz", "v0=", "t=,v1=", "t=abc,v1=00", "t=-1,v1=00", "t=99999999999999999999,v1=00",
        "sha256=" + new string('a', 63), "v1," + new string('A', 43), new string(' ', 300), "v1,=" + new string('=', 43), "\u00e9\u00e9\u00e9", "\0",
    ];

    /// <summary>Verify and the delivery key never throw, whatever the header values and key.</summary>
    public static void NeverThrows(IWebhookSignatureScheme scheme, Func<string, IWebhookHeaders> headersWith, DateTimeOffset now)
    {
        foreach (var value in Malformed)
        {
            var headers = headersWith(value);
            if (scheme.TryRead(headers, now, TimeSpan.FromMinutes(5), out var input, out var refusal))
            {
                Assert.False(scheme.Verify(input, "{}"u8, scheme.GetKey(scheme.GenerateSecret())));
                Assert.False(scheme.Verify(input, "{}"u8, []));
                Assert.NotNull(scheme.GetDeliveryKey(input, "{\"id\":"u8));
            }
            else
            {
                Assert.False(string.IsNullOrEmpty(refusal));
            }

            Assert.False(scheme.Verify(default, "{}"u8, scheme.GetKey(scheme.GenerateSecret())));
        }

        Assert.NotNull(scheme.GetKey("not base64 !!"));
        Assert.NotNull(scheme.ValidateSecret(""));
    }

    /// <summary>A generated secret passes the scheme's own rule and two generated secrets differ.</summary>
    public static void GeneratesValidSecrets(IWebhookSignatureScheme scheme)
    {
        var first = scheme.GenerateSecret();
        Assert.Null(scheme.ValidateSecret(first));
        Assert.NotEqual(first, scheme.GenerateSecret());
        Assert.NotEmpty(scheme.GetKey(first));
    }
}
