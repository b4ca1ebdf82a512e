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

    // The schemes read so far, one entry per webhook flow (an application has a few), each stamped with the options'
    // change count when it was read: a request scans this small array instead of reading the options monitor's cache
    // and the flow's options, two or three times a request and on a busy host from far caches. Replaced, never changed,
    // when an entry is added; a change of any flow's options makes every entry stale.
    private readonly Lock _gate = new();
    private Resolved[] _resolved = [];
    private int _changes;

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

        // The monitor drops its cached options before it calls listeners, so a scheme read after the count moved is new.
        // The registration lives as long as this catalog, a singleton of the same container as the monitor.
        _ = options.OnChange((_, _) => Interlocked.Increment(ref _changes));
    }

    /// <summary>
    /// The scheme that verifies requests to <paramref name="flowName"/>'s instances, or null when the flow has no
    /// <c>[WebhookTrigger]</c> (or is not registered in this application).
    /// </summary>
    /// <exception cref="InvalidOperationException">The flow is set to <see cref="WebhookSignature.Custom"/> and no scheme is registered for it.</exception>
    public IWebhookSignatureScheme? For(string flowName)
    {
        ArgumentNullException.ThrowIfNull(flowName);
        var changes = Volatile.Read(ref _changes);
        foreach (var known in Volatile.Read(ref _resolved))
        {
            // Instances of a flow share its name's string, so the comparison is nearly always by reference.
            if (string.Equals(known.Flow, flowName, StringComparison.Ordinal))
            {
                if (known.Changes == changes)
                {
                    return known.Scheme;
                }

                break;
            }
        }

        if (!_webhookFlows.Contains(flowName))
        {
            return null;
        }

        var scheme = Read(flowName);
        Keep(new Resolved(flowName, scheme, changes));
        return scheme;
    }

    // Its own method: a lambda capturing For's parameter would cost For an object on every call, found or not.
    private void Keep(Resolved resolved)
    {
        lock (_gate)
        {
            Volatile.Write(ref _resolved, [.. _resolved.Where(r => !string.Equals(r.Flow, resolved.Flow, StringComparison.Ordinal)), resolved]);
        }
    }

    private IWebhookSignatureScheme Read(string flowName)
    {
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

    private sealed record Resolved(string Flow, IWebhookSignatureScheme Scheme, int Changes);
}
