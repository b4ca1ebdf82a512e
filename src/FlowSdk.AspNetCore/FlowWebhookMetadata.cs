namespace FlowSdk.AspNetCore;

/// <summary>Endpoint metadata naming the flow a webhook endpoint feeds.</summary>
/// <param name="FlowName">The flow's name.</param>
public sealed record FlowWebhookMetadata(string FlowName);
