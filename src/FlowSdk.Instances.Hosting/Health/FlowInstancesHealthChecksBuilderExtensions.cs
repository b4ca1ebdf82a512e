using FlowSdk.Instances.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Health checks of a node that runs instances.</summary>
public static class FlowInstancesHealthChecksBuilderExtensions
{
    /// <summary>The tag of the readiness checks: may this node take traffic now.</summary>
    public const string ReadyTag = "ready";

    /// <summary>The tag of the liveness checks: should this process be restarted.</summary>
    public const string LiveTag = "live";

    /// <summary>
    /// Adds <c>flowsdk-store</c> (the store answers) and <c>flowsdk-catalog</c> (the instances are loaded and current
    /// within <c>InstanceCatalogOptions.MaxStaleness</c>, with their age) tagged <see cref="ReadyTag"/>, and
    /// <c>flowsdk-catalog-loop</c> tagged <see cref="LiveTag"/>. Map them with
    /// <c>app.MapHealthChecks("/health/ready", new() { Predicate = c =&gt; c.Tags.Contains("ready") })</c> and the same for
    /// <c>live</c>.
    /// </summary>
    public static IHealthChecksBuilder AddFlowInstanceChecks(this IHealthChecksBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder
            .AddCheck<InstanceStoreHealthCheck>("flowsdk-store", HealthStatus.Unhealthy, [ReadyTag], TimeSpan.FromSeconds(5))
            .AddCheck<InstanceCatalogHealthCheck>("flowsdk-catalog", HealthStatus.Unhealthy, [ReadyTag])
            .AddCheck<InstanceCatalogLivenessCheck>("flowsdk-catalog-loop", HealthStatus.Unhealthy, [LiveTag]);
    }
}
