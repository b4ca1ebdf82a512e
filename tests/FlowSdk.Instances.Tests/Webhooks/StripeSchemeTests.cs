using System.Globalization;
using System.Text;
using FlowSdk.Instances.Webhooks;
using Stripe;
using Xunit;

namespace FlowSdk.Instances.Tests;

/// <summary>Stripe with Stripe.net as the sender (<c>EventUtility.GenerateSignatureHeader</c>) and as the reference verifier.</summary>
public sealed class StripeSchemeTests
{
    private const string Body = """{"id":"evt_1NqXk2LkdIwHu7ix","object":"event","type":"invoice.paid","data":{"object":{"id":"in_1"}}}""";

    private static readonly StripeScheme Scheme = StripeScheme.Instance;

    [Fact]
    public void A_header_from_Stripe_net_verifies_and_the_event_id_is_the_delivery_key()
    {
        var secret = Scheme.GenerateSecret();
        var now = DateTimeOffset.UtcNow;
        var header = EventUtility.GenerateSignatureHeader(Body, secret, now.ToUnixTimeSeconds());

        var input = Read(header, now);

        Assert.True(Scheme.Verify(input, Encoding.UTF8.GetBytes(Body), Scheme.GetKey(secret)));
        Assert.Equal("evt_1NqXk2LkdIwHu7ix", Scheme.GetDeliveryKey(input, Encoding.UTF8.GetBytes(Body)));

        // Stripe.net keys with the whole whsec_ string as it is, as the scheme does: both accept the same header.
        EventUtility.ValidateSignature(Body, header, secret, tolerance: 300, utcNow: now.ToUnixTimeSeconds());
    }

    [Fact]
    public void Several_v1_signatures_pass_when_any_matches_and_v0_is_ignored()
    {
        var (old, next) = (Scheme.GenerateSecret(), Scheme.GenerateSecret());
        var now = DateTimeOffset.UtcNow;
        var t = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var header = $"t={t},v1={EventUtility.ComputeSignature(next, t, Body)},v1={EventUtility.ComputeSignature(old, t, Body)},v0=6ffbb59b2300aae63f272406069a9788598b792a944a07aba816edb039989a39";
        var input = Read(header, now);

        Assert.True(Scheme.Verify(input, Encoding.UTF8.GetBytes(Body), Scheme.GetKey(old)));
        Assert.True(Scheme.Verify(input, Encoding.UTF8.GetBytes(Body), Scheme.GetKey(next)));
        Assert.False(Scheme.Verify(input, Encoding.UTF8.GetBytes(Body), Scheme.GetKey(Scheme.GenerateSecret())));
    }

    [Fact]
    public void A_tampered_body_is_refused_by_the_scheme_and_by_Stripe_net()
    {
        var secret = Scheme.GenerateSecret();
        var now = DateTimeOffset.UtcNow;
        var header = EventUtility.GenerateSignatureHeader(Body, secret, now.ToUnixTimeSeconds());
        var tampered = Body.Replace("invoice.paid", "invoice.void", StringComparison.Ordinal);

        Assert.False(Scheme.Verify(Read(header, now), Encoding.UTF8.GetBytes(tampered), Scheme.GetKey(secret)));
        Assert.Throws<StripeException>(() => EventUtility.ValidateSignature(tampered, header, secret, tolerance: 300, utcNow: now.ToUnixTimeSeconds()));
    }

    [Fact]
    public void A_time_outside_the_tolerance_is_refused_before_the_body()
    {
        var secret = Scheme.GenerateSecret();
        var signedAt = DateTimeOffset.UtcNow.AddMinutes(-6);
        var header = EventUtility.GenerateSignatureHeader(Body, secret, signedAt.ToUnixTimeSeconds());

        Assert.False(Scheme.TryRead(new TestHeaders(("Stripe-Signature", header)), DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5), out _, out var refusal));
        Assert.Contains("t=", refusal, StringComparison.Ordinal);
        Assert.Throws<StripeException>(() => EventUtility.ValidateSignature(Body, header, secret, tolerance: 300, utcNow: DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("v1=abc")]
    [InlineData("t=1700000000")]
    public void A_missing_header_or_part_is_refused(string header)
    {
        var headers = header.Length == 0 ? new TestHeaders() : new TestHeaders(("Stripe-Signature", header));

        Assert.False(Scheme.TryRead(headers, DateTimeOffset.FromUnixTimeSeconds(1700000000), TimeSpan.FromMinutes(5), out _, out var refusal));
        Assert.Contains("Stripe-Signature", refusal, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"object":"event"}""")]
    [InlineData("""{"id":42}""")]
    [InlineData("""not json""")]
    [InlineData("""{"data":{"id":"in_nested"}}""")]
    [InlineData("""[{"id":"evt_in_array"}]""")]
    public void Without_a_top_level_string_id_the_signature_is_the_delivery_key(string body)
    {
        var input = new WebhookSignatureInput(null, "1", "t=1,v1=00");

        Assert.Equal("t=1,v1=00", Scheme.GetDeliveryKey(input, Encoding.UTF8.GetBytes(body)));
    }

    [Fact]
    public void The_id_is_found_after_other_properties()
    {
        var body = """{"object":"event","data":{"object":{"id":"in_1","lines":[1,2,{"id":"x"}]}},"id":"evt_last"}""";

        Assert.Equal("evt_last", Scheme.GetDeliveryKey(new WebhookSignatureInput(null, "1", "sig"), Encoding.UTF8.GetBytes(body)));
    }

    [Fact]
    public void Malformed_values_never_throw_and_secrets_are_whsec()
    {
        SchemeChecks.NeverThrows(Scheme, v => new TestHeaders(("Stripe-Signature", v)), DateTimeOffset.UtcNow);
        SchemeChecks.NeverThrows(Scheme, v => new TestHeaders(("Stripe-Signature", "t=" + DateTimeOffset.UtcNow.ToUnixTimeSeconds() + ",v1=" + v)), DateTimeOffset.UtcNow);
        SchemeChecks.GeneratesValidSecrets(Scheme);
        Assert.Contains("whsec_", Scheme.ValidateSecret("sk_live_51Habcdefghijklmnopqrstuvwxyz"), StringComparison.Ordinal);
        Assert.NotNull(Scheme.ValidateSecret("whsec_short"));
    }

    private static WebhookSignatureInput Read(string header, DateTimeOffset now)
    {
        Assert.True(Scheme.TryRead(new TestHeaders(("stripe-signature", header)), now, TimeSpan.FromMinutes(5), out var input, out var refusal), refusal);
        return input;
    }
}
