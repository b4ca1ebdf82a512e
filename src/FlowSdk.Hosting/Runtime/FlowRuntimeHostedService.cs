using Microsoft.Extensions.Hosting;

namespace FlowSdk.Hosting;

/// <summary>Starts every flow's consumers with the host and drains them when it stops.</summary>
internal sealed class FlowRuntimeHostedService(FlowRuntime runtime) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        runtime.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => runtime.StopAsync(cancellationToken);
}
