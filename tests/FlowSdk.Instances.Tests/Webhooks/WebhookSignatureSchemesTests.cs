using FlowSdk.Instances.Webhooks;
using Xunit;

namespace FlowSdk.Instances.Tests;

/// <summary>Every <see cref="WebhookSignature"/> but Custom has its built-in, shared scheme.</summary>
public sealed class WebhookSignatureSchemesTests
{
    [Theory]
    [InlineData(WebhookSignature.StandardWebhooks, typeof(StandardWebhooksScheme))]
    [InlineData(WebhookSignature.GitHub, typeof(GitHubScheme))]
    [InlineData(WebhookSignature.Stripe, typeof(StripeScheme))]
    [InlineData(WebhookSignature.Slack, typeof(SlackScheme))]
    [InlineData(WebhookSignature.Shopify, typeof(ShopifyScheme))]
    [InlineData(WebhookSignature.FlowSdk, typeof(FlowSdkScheme))]
    public void Each_member_has_its_scheme_named_after_it(WebhookSignature signature, Type type)
    {
        var scheme = WebhookSignatureSchemes.Get(signature);

        Assert.IsType(type, scheme);
        Assert.Same(scheme, WebhookSignatureSchemes.Get(signature));
        Assert.Equal(signature.ToString(), scheme.Name);
        Assert.NotEmpty(scheme.Headers);
    }

    [Fact]
    public void Custom_and_undefined_values_are_refused_clearly()
    {
        var custom = Assert.Throws<ArgumentOutOfRangeException>(() => WebhookSignatureSchemes.Get(WebhookSignature.Custom));
        Assert.Contains("AddFlowWebhookSignatureScheme", custom.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => WebhookSignatureSchemes.Get((WebhookSignature)42));
    }
}
