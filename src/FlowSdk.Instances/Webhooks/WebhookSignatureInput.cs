namespace FlowSdk.Instances.Webhooks;

/// <summary>
/// What a scheme read from a request's headers before its body: the values its signature check needs later.
/// </summary>
/// <param name="DeliveryId">The sender's delivery id when the headers carry one, else null.</param>
/// <param name="Timestamp">The signed timestamp exactly as sent, or null when the scheme signs none.</param>
/// <param name="Signatures">The raw signature header value (one or several signatures, as the scheme writes them).</param>
public readonly record struct WebhookSignatureInput(string? DeliveryId, string? Timestamp, string Signatures);
