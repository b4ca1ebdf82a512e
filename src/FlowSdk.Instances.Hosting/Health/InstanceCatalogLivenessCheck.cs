using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FlowSdk.Instances.Hosting;

/// <summary>
/// Liveness: the loop that keeps the catalog current is still running. A store that is down is a readiness matter
/// (restarting would not help); a loop that ended is not, and a restart brings it back.
/// </summary>
internal sealed class InstanceCatalogLivenessCheck(InstanceCatalog catalog) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(catalog.ExecuteTask is { IsCompleted: true } loop
            ? new HealthCheckResult(context.Registration.FailureStatus, "The instance catalog stopped following the store.", loop.Exception)
            : HealthCheckResult.Healthy("The instance catalog follows the store."));
}
