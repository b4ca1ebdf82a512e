using FlowSdk.Hosting;
using Microsoft.Extensions.Options;

namespace FlowSdk.Instances.Webhooks;

/// <summary>
/// The signature scheme of each flow's per-instance webhooks: <see cref="FlowWebhookOptions.Signature"/> (which
/// <c>AddFlows()</c> sets from <see cref="WebhookTriggerAttribute.Signature"/> and <c>Flows:{name}:Webhook:Signature</c>
/// overrides), the built-in scheme for it, or for <see cref="WebhookSignature.Custom"/> the scheme registered with
/// <c>AddFlowWebhookSignatureScheme</c>.
/// </summary>
public sealed class WebhookSchemeCatalog
{
    private readonly HashSet<string> _webhookFlows;
    private readonly Dictionary<string, IWebhookSignatureScheme> _custom;
    private readonly IOptionsMonitor<FlowOptions> _options;

    /// <summary>Creates the catalog from the registered flows and custom schemes.</summary>
    internal WebhookSchemeCatalog(IEnumerable<FlowRegistration> flows, IEnumerable<WebhookSchemeRegistration> custom, IOptionsMonitor<FlowOptions> options)
    {
        _webhookFlows = WebhookFlows(flows);
        _custom = new Dictionary<string, IWebhookSignatureScheme>(StringComparer.Ordinal);
        foreach (var registration in custom)
        {
            _custom[registration.FlowName] = registration.Scheme; // the last registration for a flow wins
        }

        _options = options;
    }

    /// <summary>
    /// The scheme that verifies requests to <paramref name="flowName"/>'s instances, or null when the flow has no
    /// <c>[WebhookTrigger]</c> (or is not registered in this application).
    /// </summary>
    /// <exception cref="InvalidOperationException">The flow is set to <see cref="WebhookSignature.Custom"/> and no scheme is registered for it.</exception>
    public IWebhookSignatureScheme? For(string flowName)
    {
        ArgumentNullException.ThrowIfNull(flowName);
        if (!_webhookFlows.Contains(flowName))
        {
            return null;
        }

        var signature = _options.Get(flowName).Webhook.Signature;
        if (signature != WebhookSignature.Custom)
        {
            return WebhookSignatureSchemes.Get(signature);
        }

        return _custom.TryGetValue(flowName, out var scheme) ? scheme : throw new InvalidOperationException(MissingCustomScheme(flowName));
    }

    internal static string MissingCustomScheme(string flowName) =>
        $"Flow '{flowName}' signs its per-instance webhooks with WebhookSignature.Custom, but no scheme is registered for it; call services.AddFlowWebhookSignatureScheme(\"{flowName}\", scheme).";

    internal static HashSet<string> WebhookFlows(IEnumerable<FlowRegistration> flows) =>
        new(flows.Where(f => f.Definition.Triggers.OfType<WebhookTriggerAttribute>().Any()).Select(f => f.Definition.Name), StringComparer.Ordinal);
}
