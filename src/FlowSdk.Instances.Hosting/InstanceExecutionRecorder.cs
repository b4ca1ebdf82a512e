using System.Threading.Channels;
using FlowSdk.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FlowSdk.Instances.Hosting;

/// <summary>
/// Records every finished instance execution in <see cref="IExecutionHistory"/>. The listener side only queues the
/// report (the consumer loop never waits for the store); one writer loop stores them in order, everything that queued
/// during one write in the next. Executions of the default instance, and those the flow's
/// <see cref="FlowOptions.History"/> leaves out, are ignored before anything is allocated. On shutdown it stops after
/// the flows drained and writes what is still queued.
/// </summary>
internal sealed partial class InstanceExecutionRecorder(IExecutionHistory history, IOptionsMonitor<FlowOptions> flows, ILogger<InstanceExecutionRecorder> logger) : BackgroundService, IFlowExecutionListener
{
    // Rows per history write: a burst is written in a few transactions, each short enough not to hold up the store's
    // other writers (accepts, claims) for long.
    private const int MaxBatch = 256;

    private readonly Channel<FlowExecutionReport> _reports = Channel.CreateUnbounded<FlowExecutionReport>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _gate = new();
    private readonly List<(long Count, TaskCompletionSource Source)> _waiters = [];
    private long _queued;
    private long _written;

    /// <summary>Reports taken to be stored so far.</summary>
    internal long Queued => Interlocked.Read(ref _queued);

    /// <summary>Reports stored (or given up on) so far.</summary>
    internal long Written => Interlocked.Read(ref _written);

    public void OnExecutionFinished(in FlowExecutionReport report)
    {
        if (report.Instance is InstanceBinding && Records(report) && _reports.Writer.TryWrite(report))
        {
            Interlocked.Increment(ref _queued);
        }
    }

    private bool Records(in FlowExecutionReport report) => flows.Get(report.FlowName).History switch
    {
        FlowHistoryMode.All => true,
        FlowHistoryMode.Failures => report.Outcome == FlowOutcome.Failed,
        _ => false,
    };

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
        var reader = _reports.Reader;
        var batch = new List<FlowExecutionReport>(MaxBatch);
        var records = new List<ExecutionRecord>(MaxBatch);
        while (await reader.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
        {
            // Everything that finished while the last write ran goes in one write: the store has one writer.
            while (batch.Count < MaxBatch && reader.TryRead(out var report))
            {
                batch.Add(report);
            }

            var handled = batch.Count;
            for (var i = 0; i < batch.Count; i++)
            {
                try
                {
                    records.Add(await ToRecordAsync(batch[i]).ConfigureAwait(false));
                }
#pragma warning disable CA1031 // A report that cannot be described loses its row, logged; the others are written.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    LogRecordFailed(batch[i].FlowName, batch[i].InstanceId, batch[i].ExecutionId, e);
                    batch.RemoveAt(i--);
                }
            }

            try
            {
                await history.RecordAsync(records, CancellationToken.None).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // A store failure loses the rows it concerns, logged; it never stops the writer.
            catch (Exception)
#pragma warning restore CA1031
            {
                // One row the store refuses must not lose the others: write them one at a time.
                for (var i = 0; i < batch.Count; i++)
                {
                    await RecordOneAsync(batch[i], records[i]).ConfigureAwait(false);
                }
            }

            Advance(handled);
            batch.Clear();
            records.Clear();
        }
    }

    private async Task RecordOneAsync(FlowExecutionReport report, ExecutionRecord record)
    {
        try
        {
            await history.RecordAsync(record, CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Logged; the writer goes on.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogRecordFailed(report.FlowName, report.InstanceId, report.ExecutionId, e);
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

    private void Advance(int written)
    {
        var count = Interlocked.Add(ref _written, written);
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
