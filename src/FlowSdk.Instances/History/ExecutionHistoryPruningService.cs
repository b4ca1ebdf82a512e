using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FlowSdk.Instances;

/// <summary>Keeps the execution history bounded: prunes it at start and every <see cref="ExecutionHistoryOptions.PruneInterval"/>.</summary>
public sealed partial class ExecutionHistoryPruningService(
    IExecutionHistory history,
    IOptions<ExecutionHistoryOptions> options,
    TimeProvider timeProvider,
    ILogger<ExecutionHistoryPruningService> logger) : BackgroundService
{
    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PruneInterval, timeProvider);
        do
        {
            try
            {
                await history.PruneAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A failed prune is retried at the next tick; the history only grows a little meanwhile.
                LogPruneFailed(e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    [LoggerMessage(3020, LogLevel.Warning, "Pruning the execution history failed")]
    private partial void LogPruneFailed(Exception exception);
}
