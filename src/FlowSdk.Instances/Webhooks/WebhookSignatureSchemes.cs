namespace FlowSdk.Instances.Webhooks;

/// <summary>The built-in <see cref="IWebhookSignatureScheme"/> of each <see cref="WebhookSignature"/>.</summary>
public static class WebhookSignatureSchemes
{
    /// <summary>The built-in scheme for <paramref name="signature"/> (a shared, stateless instance).</summary>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="signature"/> is <see cref="WebhookSignature.Custom"/>, which the application registers per flow
    /// (<c>AddFlowWebhookSignatureScheme</c>), or no member of the enum.
    /// </exception>
    public static IWebhookSignatureScheme Get(WebhookSignature signature) => signature switch
    {
        WebhookSignature.StandardWebhooks => StandardWebhooksScheme.Instance,
        WebhookSignature.GitHub => GitHubScheme.Instance,
        WebhookSignature.Stripe => StripeScheme.Instance,
        WebhookSignature.Slack => SlackScheme.Instance,
        WebhookSignature.Shopify => ShopifyScheme.Instance,
        WebhookSignature.FlowSdk => FlowSdkScheme.Instance,
        WebhookSignature.Custom => throw new ArgumentOutOfRangeException(
            nameof(signature),
            signature,
            "WebhookSignature.Custom has no built-in scheme; register the flow's scheme with services.AddFlowWebhookSignatureScheme(flowName, scheme)."),
        _ => throw new ArgumentOutOfRangeException(nameof(signature), signature, "Not a WebhookSignature member."),
    };
}
