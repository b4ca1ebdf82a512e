using FlowSdk;
using FlowSdk.AspNetCore;
using FlowSdk.Instances;
using FlowSdk.Instances.AspNetCore;
using FlowSdk.Instances.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the per-instance webhook routes.</summary>
public static class FlowInstancesEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>POST {route}/{instanceId}</c> for every webhook flow. A request is signed as the flow's
    /// <see cref="WebhookSignature"/> says (Standard Webhooks by default; docs/webhook-signatures.md) with the instance's
    /// secret <see cref="InstanceOptions.WebhookSecretName"/>, or its previous secret while a rotation lasts. Answers:
    /// 503 with <c>Retry-After</c> until this node has loaded the instances, or while its view of them is older than
    /// <see cref="InstanceCatalogOptions.MaxStaleness"/>; 404 problem+json for an unknown or disabled instance or one of
    /// another flow (without saying which); 401 problem+json for missing signature headers or a signed time outside
    /// <see cref="FlowInstancesHostingOptions.SignatureTolerance"/> (both before the body is read) or a signature that
    /// does not match; 408 when the body takes longer than the flow's <c>Webhook:BodyTimeoutSeconds</c>; then the webhook
    /// contract (202 with the execution id, 400, 413, 415, 503). A redelivery of the same delivery id within
    /// <see cref="FlowInstancesHostingOptions.DeliveryRetention"/> is answered 202 with the first delivery's execution id
    /// and does not run again. Needs <c>services.AddFlowInstancesHosting()</c>. Package FlowSdk.Instances.AspNetCore.
    /// </summary>
    /// <returns>A builder for conventions applied to every per-instance webhook endpoint.</returns>
    public static IEndpointConventionBuilder MapFlowInstanceWebhooks(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var services = endpoints.ServiceProvider;
        if (services.GetService<InstanceBindings>() is null)
        {
            throw new InvalidOperationException("FlowSdk instance hosting is not registered: call services.AddFlowInstancesHosting() before MapFlowInstanceWebhooks().");
        }

        var resolver = services.GetService<IFlowWebhookInstanceResolver>() ?? ActivatorUtilities.CreateInstance<InstanceWebhookResolver>(services);
        return endpoints.MapFlowWebhooks(resolver);
    }
}
