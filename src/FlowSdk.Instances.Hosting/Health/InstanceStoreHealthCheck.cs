using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FlowSdk.Instances.Hosting;

/// <summary>Readiness: the instance store answers a version read.</summary>
internal sealed class InstanceStoreHealthCheck(IInstanceStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var version = await store.GetVersionAsync(cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy("The store answers.", new Dictionary<string, object> { ["version"] = version });
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The exception's message may name the server; it stays in the check's exception, not its description.
            return new HealthCheckResult(context.Registration.FailureStatus, "The store cannot be reached.", e);
        }
    }
}
