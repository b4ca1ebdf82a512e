namespace FlowSdk.Instances.Webhooks;

/// <summary>
/// The headers of a webhook request, as a signature scheme reads them (names compare case-insensitively). Valid only
/// during the call it is passed to: the host reuses the object for the next request.
/// </summary>
public interface IWebhookHeaders
{
    /// <summary>The header's value (several header lines joined with ", ", as HTTP combines them), or null when the request has none.</summary>
    string? Get(string name);
}
