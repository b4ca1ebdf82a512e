using FlowSdk.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FlowSdk.AspNetCore;

/// <summary>Maps the webhook routes of every flow with a <see cref="WebhookTriggerAttribute"/>.</summary>
public static class FlowWebhookEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>POST {route}</c> for every registered flow with a <see cref="WebhookTriggerAttribute"/>. Each request is
    /// answered as the FlowSdk contract says: 202 <c>{"executionId": "..."}</c> once enqueued; 400 problem+json when the
    /// body is not valid JSON for the payload type (nothing enqueued); 413 over <see cref="FlowWebhookOptions.MaxBodySize"/>;
    /// 415 for a non-JSON content type on a typed payload; 503 with <c>Retry-After</c> when the queue is full or the host
    /// is stopping; never a stack trace. In synchronous mode (<see cref="FlowWebhookOptions.Synchronous"/>) it waits and
    /// answers 200 with the output (204 when filtered, 500 problem+json when failed).
    /// </summary>
    /// <returns>A builder for conventions applied to every webhook endpoint (authorization, rate limits, ...).</returns>
    public static IEndpointConventionBuilder MapFlowWebhooks(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var services = endpoints.ServiceProvider;
        var runtime = services.GetService<FlowRuntime>()
            ?? throw new InvalidOperationException("FlowSdk hosting is not registered: call services.AddFlows() (or services.AddFlowHosting()) before MapFlowWebhooks().");
        var json = services.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        var logger = services.GetService<ILoggerFactory>()?.CreateLogger("FlowSdk.Webhooks") ?? NullLogger.Instance;

        var group = endpoints.MapGroup(string.Empty);
        var factory = new WebhookEndpointFactory(runtime, json, logger);
        foreach (var registration in services.GetServices<FlowRegistration>())
        {
            foreach (var trigger in registration.Definition.Triggers)
            {
                if (trigger is WebhookTriggerAttribute webhook)
                {
                    var handler = registration.Accept(factory);
                    group.MapPost(webhook.Route, handler.HandleAsync)
                        .WithDisplayName($"FlowSdk webhook {registration.Definition.Name}")
                        .WithMetadata(new FlowWebhookMetadata(registration.Definition.Name));
                }
            }
        }

        return group;
    }
}

/// <summary>Endpoint metadata naming the flow a webhook endpoint feeds.</summary>
/// <param name="FlowName">The flow's name.</param>
public sealed record FlowWebhookMetadata(string FlowName);
