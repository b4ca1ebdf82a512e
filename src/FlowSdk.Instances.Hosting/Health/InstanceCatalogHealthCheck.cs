using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FlowSdk.Instances.Hosting;

/// <summary>
/// Readiness: the catalog of instances was loaded and is current within its staleness limit. Until then instance
/// webhooks answer 503, so a load balancer should not route to this node.
/// </summary>
internal sealed class InstanceCatalogHealthCheck(InstanceCatalog catalog, TimeProvider time) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (catalog.RefreshedAt is not { } refreshedAt)
        {
            return Task.FromResult(new HealthCheckResult(context.Registration.FailureStatus, "The instances are not loaded yet."));
        }

        var age = time.GetUtcNow() - refreshedAt;
        var data = new Dictionary<string, object>
        {
            ["ageSeconds"] = Math.Round(Math.Max(0, age.TotalSeconds), 3),
            ["instances"] = catalog.Count,
            ["version"] = catalog.Version,
        };
        return Task.FromResult(catalog.IsCurrent
            ? HealthCheckResult.Healthy("The instances are current.", data)
            : new HealthCheckResult(context.Registration.FailureStatus, $"The instances were last read from the store {age.TotalSeconds:0} seconds ago.", data: data));
    }
}
