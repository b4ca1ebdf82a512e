namespace FlowSdk;

/// <summary>
/// How the senders of a flow's per-instance webhook sign their requests (<see cref="WebhookTriggerAttribute.Signature"/>).
/// The instance's webhook secret keys the signature; a request that does not verify is answered 401 and runs nothing.
/// </summary>
public enum WebhookSignature
{
    /// <summary>
    /// Standard Webhooks (standardwebhooks.com; Svix, Zapier, Twilio, Kong, ngrok): <c>webhook-id</c>,
    /// <c>webhook-timestamp</c> and <c>webhook-signature</c> (<c>v1,&lt;base64&gt;</c>, space-separated), HMAC-SHA256
    /// over <c>{id}.{timestamp}.{body}</c> keyed with the base64 after <c>whsec_</c>. The default.
    /// </summary>
    StandardWebhooks = 0,

    /// <summary>GitHub: <c>X-Hub-Signature-256: sha256=&lt;hex&gt;</c> over the body; delivery id <c>X-GitHub-Delivery</c>.</summary>
    GitHub = 1,

    /// <summary>Stripe: <c>Stripe-Signature: t=…,v1=…</c> over <c>{t}.{body}</c>; delivery id the event's <c>id</c>.</summary>
    Stripe = 2,

    /// <summary>Slack: <c>X-Slack-Signature: v0=&lt;hex&gt;</c> over <c>v0:{ts}:{body}</c>, <c>X-Slack-Request-Timestamp</c>.</summary>
    Slack = 3,

    /// <summary>Shopify: <c>X-Shopify-Hmac-Sha256</c> (base64) over the body; delivery id <c>X-Shopify-Webhook-Id</c>.</summary>
    Shopify = 4,

    /// <summary>
    /// FlowSdk's own scheme: <c>X-Flow-Timestamp</c> and <c>X-Flow-Signature: sha256=&lt;hex&gt;</c> over
    /// <c>{timestamp}.{body}</c>, optional delivery id <c>X-Flow-Delivery</c>.
    /// </summary>
    FlowSdk = 5,

    /// <summary>A scheme the application registers for the flow (<c>IWebhookSignatureScheme</c>); the start fails without one.</summary>
    Custom = 6,
}
