using FlowSdk;
using FlowSdk.AspNetCore;
using FlowSdk.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the webhook routes of every flow with a <see cref="WebhookTriggerAttribute"/>.</summary>
public static class FlowWebhookEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>POST {route}</c> for every registered flow with a <see cref="WebhookTriggerAttribute"/> and no
    /// configuration type (a flow with <see cref="FlowAttribute.Configuration"/> runs only as instances: see
    /// <c>MapFlowInstanceWebhooks()</c>). Each request is
    /// answered as the FlowSdk contract says: 202 <c>{"executionId": "..."}</c> once enqueued; 400 problem+json when the
    /// body is not valid JSON for the payload type (nothing enqueued); 413 over <see cref="FlowWebhookOptions.MaxBodySize"/>;
    /// 415 for a non-JSON content type on a typed payload; 503 with <c>Retry-After</c> when the queue is full or the host
    /// is stopping; never a stack trace. In synchronous mode (<see cref="FlowWebhookOptions.Synchronous"/>) it waits and
    /// answers 200 with the output (204 when filtered, 500 problem+json when failed).
    /// </summary>
    /// <returns>A builder for conventions applied to every webhook endpoint (authorization, rate limits, ...).</returns>
    public static IEndpointConventionBuilder MapFlowWebhooks(this IEndpointRouteBuilder endpoints) =>
        Map(endpoints, null);

    /// <summary>
    /// Maps <c>POST {route}/{instanceId}</c> for every registered flow with a <see cref="WebhookTriggerAttribute"/>: a
    /// webhook address per instance. <paramref name="instances"/> finds the instance (404 problem+json when it is
    /// unknown or disabled, without saying which) and verifies the request once its body is read (401 problem+json
    /// when it is not authentic); then the request is answered as by <see cref="MapFlowWebhooks(IEndpointRouteBuilder)"/>
    /// and its execution runs with the instance's configuration.
    /// </summary>
    /// <returns>A builder for conventions applied to every per-instance webhook endpoint.</returns>
    public static IEndpointConventionBuilder MapFlowWebhooks(this IEndpointRouteBuilder endpoints, IFlowWebhookInstanceResolver instances)
    {
        ArgumentNullException.ThrowIfNull(instances);
        return Map(endpoints, instances);
    }

    /// <summary>The route value that names the instance in a per-instance webhook route.</summary>
    public const string InstanceIdRouteValue = "instanceId";

    private static IEndpointConventionBuilder Map(IEndpointRouteBuilder endpoints, IFlowWebhookInstanceResolver? instances)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var services = endpoints.ServiceProvider;
        var runtime = services.GetService<FlowRuntime>()
            ?? throw new InvalidOperationException("FlowSdk hosting is not registered: call services.AddFlows() (or services.AddFlowHosting()) before MapFlowWebhooks().");
        var json = services.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        var logger = services.GetService<ILoggerFactory>()?.CreateLogger("FlowSdk.Webhooks") ?? NullLogger.Instance;

        var group = endpoints.MapGroup(string.Empty);
        foreach (var registration in services.GetServices<FlowRegistration>())
        {
            if (instances is null && registration.Definition.ConfigurationType is not null)
            {
                continue; // its steps take an instance's configuration: it runs only as instances
            }

            foreach (var trigger in registration.Definition.Triggers)
            {
                if (trigger is WebhookTriggerAttribute webhook)
                {
                    var handler = registration.Accept(new WebhookEndpointFactory(runtime, json, logger, instances, webhook));
                    var route = instances is null ? webhook.Route : webhook.Route.TrimEnd('/') + "/{" + InstanceIdRouteValue + "}";
                    group.MapPost(route, handler.HandleAsync)
                        .WithDisplayName(instances is null ? $"FlowSdk webhook {registration.Definition.Name}" : $"FlowSdk instance webhook {registration.Definition.Name}")
                        .WithMetadata(new FlowWebhookMetadata(registration.Definition.Name));
                }
            }
        }

        return group;
    }
}
