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
    /// Maps <c>POST {route}/{instanceId}</c> for every webhook flow. A request must carry the signing time in Unix
    /// seconds (<see cref="FlowInstancesHostingOptions.TimestampHeader"/>, default <c>X-Flow-Timestamp</c>) and
    /// <c>sha256=&lt;hex&gt;</c> (<see cref="FlowInstancesHostingOptions.SignatureHeader"/>, default <c>X-Flow-Signature</c>):
    /// HMAC-SHA256 over <c>{timestamp}.{body}</c> keyed with the instance's secret
    /// <see cref="FlowInstancesHostingOptions.WebhookSecretName"/> (<see cref="InstanceWebhookSignature"/>). Answers:
    /// 404 problem+json for an unknown or disabled instance or one of another flow (without saying which); 401
    /// problem+json for a missing or wrong signature or a timestamp outside
    /// <see cref="FlowInstancesHostingOptions.SignatureTolerance"/>; then the webhook contract (202 with the execution
    /// id, 400, 413, 415, 503). Needs <c>services.AddFlowInstancesHosting()</c>. Package FlowSdk.Instances.AspNetCore.
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
