using System.Threading.Channels;
using FlowSdk.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FlowSdk.Instances.Hosting;

/// <summary>
/// Records every finished instance execution in <see cref="IExecutionHistory"/>. The listener side only queues the
/// report (the consumer loop never waits for the store); one writer loop stores them in order. Executions of the
/// default instance are ignored before anything is allocated. On shutdown it stops after the flows drained and
/// writes what is still queued.
/// </summary>
internal sealed partial class InstanceExecutionRecorder(IExecutionHistory history, ILogger<InstanceExecutionRecorder> logger) : BackgroundService, IFlowExecutionListener
{
    private readonly Channel<FlowExecutionReport> _reports = Channel.CreateUnbounded<FlowExecutionReport>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _gate = new();
    private readonly List<(long Count, TaskCompletionSource Source)> _waiters = [];
    private long _queued;
    private long _written;

    /// <summary>Reports stored (or given up on) so far.</summary>
    internal long Written => Interlocked.Read(ref _written);

    public void OnExecutionFinished(in FlowExecutionReport report)
    {
        if (report.Instance is InstanceBinding && _reports.Writer.TryWrite(report))
        {
            Interlocked.Increment(ref _queued);
        }
    }

    /// <summary>Completes once at least <paramref name="count"/> reports were handled.</summary>
    internal Task WhenWritten(long count)
    {
        lock (_gate)
        {
            if (Written >= count)
            {
                return Task.CompletedTask;
            }

            var source = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, source));
            return source.Task;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Not cancelled by stopping: the reader ends when StopAsync completes the channel and it is empty.
        await foreach (var report in _reports.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
        {
            try
            {
                await history.RecordAsync(await ToRecordAsync(report).ConfigureAwait(false), CancellationToken.None).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // A store failure loses one history row, logged; it never stops the writer.
            catch (Exception e)
#pragma warning restore CA1031
            {
                LogRecordFailed(report.FlowName, report.InstanceId, report.ExecutionId, e);
            }

            Advance();
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _reports.Writer.TryComplete();
        if (ExecuteTask is { } writer)
        {
            try
            {
                await writer.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // The shutdown timeout passed (the flows used it up); say what the history misses rather than fail the stop.
                LogNotWritten(Interlocked.Read(ref _queued) - Written);
            }
        }

        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async ValueTask<ExecutionRecord> ToRecordAsync(FlowExecutionReport report)
    {
        string? error = null;
        InstanceSecrets? secrets = null;
        if (report.Exception is not null || InstanceJournal.HasPayloads(report.Steps))
        {
            secrets = await ((InstanceBinding)report.Instance!).TryGetSecretsAsync().ConfigureAwait(false);
        }

        if (report.Exception is { } exception)
        {
            error = InstanceErrors.Describe(exception, secrets);
        }

        return new ExecutionRecord
        {
            ExecutionId = report.ExecutionId,
            InstanceId = report.InstanceId,
            FlowName = report.FlowName,
            Trigger = report.Trigger ?? "unknown",
            StartedAt = report.StartedAt,
            EndedAt = report.EndedAt,
            Outcome = report.Outcome.ToExecutionOutcome(),
            FailedStep = report.FailedStep,
            Error = error,
            Deliveries = report.Delivery,
            Steps = report.Steps is { } steps ? InstanceJournal.ToHistory(steps, secrets) : null,
        };
    }

    private void Advance()
    {
        var count = Interlocked.Increment(ref _written);
        lock (_gate)
        {
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Count <= count)
                {
                    _waiters[i].Source.TrySetResult();
                    _waiters.RemoveAt(i);
                }
            }
        }
    }

    [LoggerMessage(4081, LogLevel.Warning, "The host stopped before {Count} finished execution(s) were written to the history")]
    private partial void LogNotWritten(long count);

    [LoggerMessage(4080, LogLevel.Error, "Flow {FlowName} instance {InstanceId} execution {ExecutionId}: recording it in the history failed")]
    private partial void LogRecordFailed(string flowName, string instanceId, Guid executionId, Exception exception);
}
