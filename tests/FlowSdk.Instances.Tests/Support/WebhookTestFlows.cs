using FlowSdk.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace FlowSdk.Instances.Tests;

/// <summary>
/// Webhook flows for the instance tests, registered as <c>AddFlows()</c> would register their definitions, without the
/// generator: only the definition (its <c>[WebhookTrigger]</c>) matters to deployment and rotation.
/// </summary>
internal static class WebhookTestFlows
{
    public static IServiceCollection AddWebhookFlow(this IServiceCollection services, string name, WebhookSignature? signature = null)
    {
        var trigger = new WebhookTriggerAttribute("/hooks/" + name);
        if (signature is { } declared)
        {
            trigger.Signature = declared;
        }

        var definition = new FlowDefinition(new FlowAttribute(name), typeof(HookFlow), typeof(WebhookRequest), typeof(WebhookRequest), [], [trigger]);
        services.AddSingleton<FlowRegistration>(new FlowRegistration<HookFlow, WebhookRequest, WebhookRequest>(definition));
        return services;
    }

    /// <summary>Reads each flow's options the way the runtime does at start, so their validation runs.</summary>
    public static FlowOptions Options(this IServiceProvider services, string flow) =>
        services.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<FlowOptions>>().Get(flow);

    /// <summary>Never run: the tests deploy and rotate instances of it, nothing executes it.</summary>
    internal sealed class HookFlow : IFlow<WebhookRequest, WebhookRequest>
    {
        public ValueTask<FlowResult<WebhookRequest>> RunAsync(WebhookRequest payload, FlowContext context, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();
    }
}
