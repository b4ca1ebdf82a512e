using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace FlowSdk.Hosting;

/// <summary>Told when an outcome it handed to <see cref="StoreNode"/> was stored, found stale, or given up on.</summary>
internal interface IStoredOutcomeTarget
{
    /// <param name="report">The execution's report.</param>
    /// <param name="recorded">True when stored; false when the claim was lost (stale); null when the store could not be reached in time.</param>
    void OnRecorded(in FlowExecutionReport report, bool? recorded);
}

/// <summary>
/// This process as one node of an <see cref="IFlowMessageStore"/>: it renews the leases of every message it holds
/// (one statement for all flows, every third of the lease) and writes the outcomes of all flows in batches (what
/// finished while the previous batch was written goes in the next). Both retry with backoff while the store is down.
/// </summary>
internal sealed partial class StoreNode
{
    public const int MaxBatch = 256;
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);

    private readonly Channel<PendingOutcome> _outcomes = Channel.CreateUnbounded<PendingOutcome>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stopRenewing = new();
    private readonly CancellationTokenSource _giveUp = new();
    private readonly ILogger _logger;
    private Task _writer = Task.CompletedTask;
    private Task _renewer = Task.CompletedTask;
    private int _started;

    public StoreNode(IFlowMessageStore store, FlowDurabilityOptions options, TimeProvider time, ILogger logger)
    {
        Store = store;
        Options = options;
        Time = time;
        _logger = logger;
    }

    public IFlowMessageStore Store { get; }

    public FlowDurabilityOptions Options { get; }

    public TimeProvider Time { get; }

    public string NodeId => Options.NodeId;

    public ILogger Logger => _logger;

    public void Start()
    {
        if (Interlocked.Exchange(ref _started, 1) == 0)
        {
            _writer = Task.Run(WriteOutcomesAsync);
            _renewer = Task.Run(RenewLeasesAsync);
            Log.NodeStarted(_logger, NodeId, Options.Lease.TotalSeconds);
        }
    }

    /// <summary>Queues an outcome for the next batch.</summary>
    public void Record(IStoredOutcomeTarget target, MessageCompletion completion, in FlowExecutionReport report)
    {
        if (!_outcomes.Writer.TryWrite(new PendingOutcome(target, completion, report)))
        {
            // Only after StopAsync: the lease lapses and the message runs again, at least once as promised.
            target.OnRecorded(report, null);
        }
    }

    /// <summary>
    /// After the runners stopped: writes the outcomes still queued (waiting up to one lease for a store that is down,
    /// even past the host's stop timeout: an unwritten outcome means the message runs again), then stops renewing.
    /// </summary>
    public async Task StopAsync()
    {
        _outcomes.Writer.TryComplete();
        _giveUp.CancelAfter(Options.Lease);
        try
        {
            await _writer.ConfigureAwait(false);
        }
        finally
        {
            await _stopRenewing.CancelAsync().ConfigureAwait(false);
            await _renewer.ConfigureAwait(false);
            _stopRenewing.Dispose();
            _giveUp.Dispose();
        }
    }

    private async Task WriteOutcomesAsync()
    {
        var reader = _outcomes.Reader;
        var batch = new List<PendingOutcome>(MaxBatch);
        var completions = new List<MessageCompletion>(MaxBatch);
        while (await reader.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
        {
            while (batch.Count < MaxBatch && reader.TryRead(out var outcome))
            {
                batch.Add(outcome);
                completions.Add(outcome.Completion);
            }

            var recorded = await CompleteAsync(completions).ConfigureAwait(false);
            for (var i = 0; i < batch.Count; i++)
            {
                bool? result = recorded is null ? null : recorded[i];
                if (result == false)
                {
                    Log.StaleOutcome(_logger, batch[i].Report.FlowName, batch[i].Report.ExecutionId, batch[i].Completion.Claim.Fence);
                }

                batch[i].Target.OnRecorded(batch[i].Report, result);
            }

            batch.Clear();
            completions.Clear();
        }
    }

    private async Task<IReadOnlyList<bool>?> CompleteAsync(List<MessageCompletion> completions)
    {
        var delay = TimeSpan.FromMilliseconds(50);
        while (true)
        {
            try
            {
                return await Store.CompleteAsync(completions, CancellationToken.None).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // The store being down must not end the writer: it retries until the store returns.
            catch (Exception e)
#pragma warning restore CA1031
            {
                if (_giveUp.IsCancellationRequested)
                {
                    Log.OutcomesGivenUp(_logger, completions.Count, e);
                    return null;
                }

                Log.OutcomeWriteFailed(_logger, completions.Count, delay.TotalMilliseconds, e);
                try
                {
                    await Task.Delay(delay, Time, _giveUp.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // Stopping: one more try, then give up.
                }

                delay = Backoff(delay);
            }
        }
    }

    private async Task RenewLeasesAsync()
    {
        var every = Options.Lease / 3;
        var token = _stopRenewing.Token;
        while (!token.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(every, Time, token).ConfigureAwait(false);
                await Store.RenewLeasesAsync(NodeId, Options.Lease, CancellationToken.None).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // A failed renewal is retried at the next tick; a lease that lapses meanwhile is fenced.
            catch (Exception e)
#pragma warning restore CA1031
            {
                Log.RenewFailed(_logger, NodeId, e);
            }
        }
    }

    /// <summary>Doubles a retry delay up to five seconds.</summary>
    public static TimeSpan Backoff(TimeSpan delay) => delay * 2 < MaxBackoff ? delay * 2 : MaxBackoff;

    private readonly record struct PendingOutcome(IStoredOutcomeTarget Target, MessageCompletion Completion, FlowExecutionReport Report);

    private static partial class Log
    {
        [LoggerMessage(1030, LogLevel.Information, "Message store node {NodeId} started: leases of {LeaseSeconds} s")]
        public static partial void NodeStarted(ILogger logger, string nodeId, double leaseSeconds);

        [LoggerMessage(1031, LogLevel.Warning, "Flow {FlowName} execution {ExecutionId}: the outcome was not recorded because another node claimed the message meanwhile (fence {Fence}); the newer claim's outcome counts")]
        public static partial void StaleOutcome(ILogger logger, string flowName, Guid executionId, long fence);

        [LoggerMessage(1032, LogLevel.Warning, "Writing {Count} outcome(s) to the message store failed; retrying in {DelayMilliseconds} ms")]
        public static partial void OutcomeWriteFailed(ILogger logger, int count, double delayMilliseconds, Exception exception);

        [LoggerMessage(1033, LogLevel.Error, "Stopped with {Count} outcome(s) not written to the message store; those messages run again once their lease lapses")]
        public static partial void OutcomesGivenUp(ILogger logger, int count, Exception exception);

        [LoggerMessage(1034, LogLevel.Warning, "Renewing the leases of node {NodeId} failed; retrying at the next renewal")]
        public static partial void RenewFailed(ILogger logger, string nodeId, Exception exception);
    }
}
