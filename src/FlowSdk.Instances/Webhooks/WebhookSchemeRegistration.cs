namespace FlowSdk.Instances.Webhooks;

/// <summary>A scheme the application registered for one flow (<c>AddFlowWebhookSignatureScheme</c>).</summary>
internal sealed record WebhookSchemeRegistration(string FlowName, IWebhookSignatureScheme Scheme);
