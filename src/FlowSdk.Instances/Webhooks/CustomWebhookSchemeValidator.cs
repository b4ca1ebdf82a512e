using FlowSdk.Hosting;
using Microsoft.Extensions.Options;

namespace FlowSdk.Instances.Webhooks;

/// <summary>
/// Fails a webhook flow's options when it is set to <see cref="WebhookSignature.Custom"/> without a registered scheme:
/// the runtime reads every flow's options as the host starts, so the start fails, naming the flow, before a request could.
/// </summary>
internal sealed class CustomWebhookSchemeValidator(IEnumerable<FlowRegistration> flows, IEnumerable<WebhookSchemeRegistration> custom) : IValidateOptions<FlowOptions>
{
    private readonly HashSet<string> _webhookFlows = WebhookSchemeCatalog.WebhookFlows(flows);
    private readonly HashSet<string> _custom = new(custom.Select(c => c.FlowName), StringComparer.Ordinal);

    public ValidateOptionsResult Validate(string? name, FlowOptions options) =>
        name is not null && options.Webhook.Signature == WebhookSignature.Custom && _webhookFlows.Contains(name) && !_custom.Contains(name)
            ? ValidateOptionsResult.Fail(WebhookSchemeCatalog.MissingCustomScheme(name))
            : ValidateOptionsResult.Success;
}
