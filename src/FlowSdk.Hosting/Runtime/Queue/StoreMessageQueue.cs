using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace FlowSdk.Hosting;

/// <summary>
/// The durable queue: a message is stored (<see cref="IFlowMessageStore.AcceptAsync"/>, group-committed) before its
/// trigger is answered. A claim loop keeps this node's consumers fed: it claims ahead what they finish in
/// <see cref="ClaimHorizon"/>, at least twice <see cref="FlowOptions.MaxConcurrency"/> messages and at most
/// <see cref="MaxClaimAhead"/> (one more, to learn whether the store is drained), with a lease, at once when this node
/// stored a message for it or one finished while the store held a backlog, otherwise
/// every <see cref="FlowDurabilityOptions.PollInterval"/> (work other nodes accepted, leases that lapsed). While the
/// store holds no backlog for the flow and this node has room, a message it accepts is stored already claimed by it and
/// runs here at once (no claim round trip, no reading the payload back).
/// Outcomes are recorded fenced by the claim, in batches, by the <see cref="StoreNode"/>. A finished message frees its
/// room at once, not when its outcome is stored: the consumers go on while the outcome waits for its commit (its claim
/// and lease stay until then, so a crash meanwhile runs it again), and the outcomes of everything that finished during
/// one commit share the next. Up to <see cref="MaxRecording"/> outcomes per flow may wait so; beyond that, nothing more
/// is claimed until the store catches up.
/// </summary>
internal sealed partial class StoreMessageQueue<TIn> : MessageQueue<TIn>, IStoredOutcomeTarget
{
    /// <summary>How many finished messages of one flow may wait for their outcome's commit: one full outcome batch.</summary>
    public const int MaxRecording = StoreNode.MaxBatch;

    /// <summary>
    /// How much work the claim loop holds ahead: a flow of quick steps claims many messages per round trip, one of slow
    /// steps no more than twice its concurrency, so other nodes get the rest of a backlog.
    /// </summary>
    public static readonly TimeSpan ClaimHorizon = TimeSpan.FromMilliseconds(50);

    /// <summary>The most messages one node holds claimed ahead for one flow, however quick its steps.</summary>
    public const int MaxClaimAhead = 128;

    // The finishing rate that sizes the claim-ahead is read after this long, or sooner once this many finished (a
    // backlog of quick messages then ramps up within a few claims).
    private static readonly TimeSpan RateWindow = TimeSpan.FromMilliseconds(250);
    private const int RateSample = 64;

    private readonly string _flowName;
    private readonly StoreNode _node;
    private readonly JsonTypeInfo<TIn> _json;
    private readonly IFlowInstanceResolver? _instances;
    private readonly IOutcomeReporter<TIn> _outcomes;
    private readonly ILogger _logger;
    private readonly int _minTarget;
    private readonly int _maxRunningPerInstance;
    private readonly int _maxWaitingPerInstance;
    private readonly bool _trackInHistory;
    private readonly Channel<Claimed> _claimed = Channel.CreateUnbounded<Claimed>(new UnboundedChannelOptions { SingleWriter = false });
    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly CancellationTokenSource _stopClaiming = new();
    private Task _claimLoop = Task.CompletedTask;
    private int _outstanding; // claimed by this node and not finished yet: waiting for a consumer or running
    private int _recording; // finished, the outcome not stored yet
    private int _target; // the claim-ahead: what this node holds claimed, waiting or running, before it claims more
    private long _finished;
    private long _rateSince;
    private long _finishedSince;
    private volatile bool _storeDrained;

    public StoreMessageQueue(string flowName, FlowOptions options, StoreNode node, JsonTypeInfo<TIn> json, IFlowInstanceResolver? instances, IOutcomeReporter<TIn> outcomes, ILogger logger)
    {
        _flowName = flowName;
        _node = node;
        _json = json;
        _instances = instances;
        _outcomes = outcomes;
        _logger = logger;
        _minTarget = _target = options.MaxConcurrency * 2;
        _rateSince = node.Time.GetTimestamp();
        _maxRunningPerInstance = options.Instances.MaxConcurrencyPerInstance;
        _maxWaitingPerInstance = options.Instances.CapacityPerInstance > 0 ? options.Instances.CapacityPerInstance : node.Options.MaxWaitingPerInstance;
        _trackInHistory = options.History == FlowHistoryMode.All;
    }

    public override bool IsDurable => true;

    public override int Depth => _claimed.Reader.Count;

    /// <summary>The store the messages wait in.</summary>
    public IFlowMessageStore Store => _node.Store;

    public override async ValueTask<FlowEnqueueStatus> OfferAsync(FlowMessage<TIn> message, CancellationToken cancellationToken) =>
        (await AcceptAsync(message, null, false, cancellationToken).ConfigureAwait(false)).Status;

    public override FlowEnqueueStatus Offer(in FlowMessage<TIn> message)
    {
        // The caller asked not to wait for room, but nothing is acknowledged before it is stored: wait for the commit.
        var pending = OfferAsync(message, CancellationToken.None);
        return pending.IsCompleted ? pending.Result : pending.AsTask().GetAwaiter().GetResult();
    }

    public override async ValueTask EnqueueAsync(FlowMessage<TIn> message, CancellationToken cancellationToken)
    {
        var delay = _node.Options.PollInterval;
        while (true)
        {
            var (status, _) = await AcceptAsync(message, null, false, cancellationToken).ConfigureAwait(false);
            switch (status)
            {
                case FlowEnqueueStatus.Accepted:
                    return;
                case FlowEnqueueStatus.Stopping:
                    throw Stopping(_flowName);
                case FlowEnqueueStatus.StoreUnavailable:
                    throw new FlowStoreUnavailableException($"The message store cannot be reached; the message for flow '{_flowName}' was not accepted.");
                default:
                    // The instance is at its cap: wait for room, as the memory queue waits for a full lane.
                    await Task.Delay(delay, _node.Time, cancellationToken).ConfigureAwait(false);
                    delay = StoreNode.Backoff(delay);
                    break;
            }
        }
    }

    /// <summary>Stores a message; a schedule occurrence carries its time and whether it may overlap a running one.</summary>
    public ValueTask<(FlowEnqueueStatus Status, MessageAcceptance Acceptance)> AcceptAsync(FlowMessage<TIn> message, DateTimeOffset? scheduledAt, bool refuseWhileUnfinished, CancellationToken cancellationToken) =>
        AcceptAsync(message, scheduledAt, refuseWhileUnfinished, null, default, cancellationToken);

    /// <summary>Stores a message once per delivery key (while the key is remembered, until <paramref name="deliveryExpiresAt"/>).</summary>
    public async ValueTask<(FlowEnqueueStatus Status, MessageAcceptance Acceptance)> AcceptAsync(
        FlowMessage<TIn> message, DateTimeOffset? scheduledAt, bool refuseWhileUnfinished, string? deliveryKey, DateTimeOffset deliveryExpiresAt, CancellationToken cancellationToken)
    {
        if (!IsAccepting)
        {
            return (FlowEnqueueStatus.Stopping, default);
        }

        // While the store holds no backlog for this flow and this node has room, the message is stored claimed by this
        // node and runs here at once: no claim round trip, no reading the payload back. With a backlog, or a
        // per-instance cap that only the store can hold across nodes, it waits its turn in the store.
        var local = scheduledAt is null && _maxRunningPerInstance <= 0 && _storeDrained && TryReserveRoom(message.Instance is not null);
        var stored = new StoredMessage
        {
            ClaimFor = local ? _node.NodeId : null,
            Lease = _node.Options.Lease,
            ExecutionId = message.ExecutionId,
            FlowName = _flowName,
            InstanceId = message.InstanceId,
            Trigger = message.Trigger ?? FlowTriggerNames.Channel,
            Payload = JsonSerializer.SerializeToUtf8Bytes(message.Payload, _json),
            AcceptedAt = _node.Time.GetUtcNow(),
            ScheduledAt = scheduledAt,
            RefuseWhileUnfinished = refuseWhileUnfinished,
            MaxWaitingPerInstance = message.Instance is null ? 0 : _maxWaitingPerInstance,
            DeliveryKey = deliveryKey,
            DeliveryExpiresAt = deliveryExpiresAt,
            TrackInHistory = _trackInHistory,
        };

        MessageAcceptance acceptance;
        try
        {
            acceptance = await _node.Store.AcceptAsync(stored, cancellationToken).ConfigureAwait(false);
        }
        catch (FlowStoreUnavailableException e)
        {
            ReturnRoom(local);
            Log.AcceptFailed(_logger, _flowName, message.ExecutionId, e);
            return (FlowEnqueueStatus.StoreUnavailable, default);
        }
        catch (ObjectDisposedException)
        {
            // The host is shutting down and the store went with it.
            ReturnRoom(local);
            return (FlowEnqueueStatus.Stopping, default);
        }
        catch
        {
            ReturnRoom(local);
            throw;
        }

        if (local && acceptance == MessageAcceptance.Accepted)
        {
            _claimed.Writer.TryWrite(new Claimed(null, message.Claimed(new MessageClaim(message.ExecutionId, 1), 1)));
            return (FlowEnqueueStatus.Accepted, acceptance);
        }

        ReturnRoom(local);
        switch (acceptance)
        {
            case MessageAcceptance.Accepted:
                // Stored for the claim loop: the store holds a backlog now, even if the last claim drained it.
                _storeDrained = false;
                Wake();
                return (FlowEnqueueStatus.Accepted, acceptance);
            case MessageAcceptance.InstanceFull:
                return (FlowEnqueueStatus.InstanceFull, acceptance);
            default:
                return (FlowEnqueueStatus.Accepted, acceptance);
        }
    }

    /// <summary>The latest stored occurrence of the instance's schedule, or null when none was or misfires are skipped.</summary>
    public Task<DateTimeOffset?> LastOccurrenceToCatchUpAsync(FlowInstanceBinding? instance) =>
        _node.Options.Misfire == ScheduleMisfire.RunLatest
            ? _node.Store.GetLastOccurrenceAsync(_flowName, instance?.InstanceId ?? FlowContext.DefaultInstanceId)
            : Task.FromResult<DateTimeOffset?>(null);

    /// <summary>
    /// Takes a place for a message this node accepts and runs itself. Its own accepts may hold twice the claim-ahead:
    /// a place is taken before the message is stored, so accepts waiting for their commit hold places too, and with
    /// only the claim-ahead a burst would go through the store's claim round trip just while the consumers are idle.
    /// An instance's message keeps to the smallest claim-ahead: what waits here is not counted by its waiting cap.
    /// </summary>
    private bool TryReserveRoom(bool ofInstance)
    {
        if (Volatile.Read(ref _recording) >= MaxRecording)
        {
            return false;
        }

        var limit = ofInstance ? _minTarget : 2 * Volatile.Read(ref _target);
        var outstanding = Volatile.Read(ref _outstanding);
        while (outstanding < limit)
        {
            var seen = Interlocked.CompareExchange(ref _outstanding, outstanding + 1, outstanding);
            if (seen == outstanding)
            {
                return true;
            }

            outstanding = seen;
        }

        return false;
    }

    private void ReturnRoom(bool reserved)
    {
        if (reserved)
        {
            Interlocked.Decrement(ref _outstanding);
            Wake();
        }
    }

    public override void Start() => _claimLoop = Task.Run(ClaimLoopAsync);

    public override void CompleteAdding()
    {
        base.CompleteAdding();

        // Messages still in the store stay there for other nodes or the next start; what was claimed runs here.
        _stopClaiming.Cancel();
        if (_claimLoop.IsCompleted)
        {
            _claimed.Writer.TryComplete();
        }
    }

    private async Task ClaimLoopAsync()
    {
        var stop = _stopClaiming.Token;
        var backoff = TimeSpan.FromMilliseconds(50);
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var target = SizeClaimAhead();
                var room = Volatile.Read(ref _recording) < MaxRecording ? target - Volatile.Read(ref _outstanding) : 0;

                // Above the smallest claim-ahead, claims refill half of it at once rather than a message or two after
                // every one that finished: one round trip per many messages.
                if (room > 0 && (target == _minTarget || room >= target / 2))
                {
                    IReadOnlyList<ClaimedMessage> claimed;
                    try
                    {
                        // Never cancelled midway: a claim the store committed must reach the consumers. One more
                        // than there is room for, so that finding no more than the room says the store is drained.
                        claimed = await _node.Store.ClaimAsync(
                            new ClaimRequest { FlowName = _flowName, NodeId = _node.NodeId, MaxCount = room + 1, Lease = _node.Options.Lease, MaxRunningPerInstance = _maxRunningPerInstance },
                            CancellationToken.None).ConfigureAwait(false);
                        backoff = TimeSpan.FromMilliseconds(50);
                    }
#pragma warning disable CA1031 // The store being down must not end the loop: it retries with backoff until the store returns.
                    catch (Exception e)
#pragma warning restore CA1031
                    {
                        Log.ClaimFailed(_logger, _flowName, backoff.TotalMilliseconds, e);
                        await WaitAsync(backoff, stop).ConfigureAwait(false);
                        backoff = StoreNode.Backoff(backoff);
                        continue;
                    }

                    _storeDrained = claimed.Count <= room;
                    if (claimed.Count > 0)
                    {
                        Interlocked.Add(ref _outstanding, claimed.Count);
                        foreach (var message in claimed)
                        {
                            _claimed.Writer.TryWrite(new Claimed(message, default));
                        }

                        if (claimed.Count > room)
                        {
                            // A full batch: there may be more waiting.
                            continue;
                        }
                    }
                }

                await WaitAsync(_node.Options.PollInterval, stop).ConfigureAwait(false);
            }
        }
        finally
        {
            _claimed.Writer.TryComplete();
        }
    }

    /// <summary>
    /// The claim-ahead for the next claim: the consumers' finishing rate since it was last read, scaled to
    /// <see cref="ClaimHorizon"/>, between twice the concurrency and <see cref="MaxClaimAhead"/>.
    /// </summary>
    private int SizeClaimAhead()
    {
        var now = _node.Time.GetTimestamp();
        var elapsed = _node.Time.GetElapsedTime(_rateSince, now);
        var finished = Volatile.Read(ref _finished);
        if (elapsed >= RateWindow || (finished - _finishedSince >= RateSample && elapsed > TimeSpan.Zero))
        {
            var perHorizon = (finished - _finishedSince) * ClaimHorizon.TotalSeconds / elapsed.TotalSeconds;
            Volatile.Write(ref _target, (int)Math.Clamp(perHorizon, _minTarget, Math.Max(_minTarget, MaxClaimAhead)));
            _rateSince = now;
            _finishedSince = finished;
        }

        return Volatile.Read(ref _target);
    }

    /// <summary>Waits for a wake-up (an accept or a recorded outcome on this node) or the poll interval.</summary>
    private async Task WaitAsync(TimeSpan timeout, CancellationToken stop)
    {
        try
        {
            await _wake.WaitAsync(timeout, stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopping: the loop ends.
        }
    }

    private void Wake()
    {
        if (_wake.CurrentCount == 0)
        {
            try
            {
                _wake.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another caller woke it first.
            }
        }
    }

    public override async Task ConsumeAsync(MessageHandler<TIn> handler, CancellationToken abort)
    {
        var reader = _claimed.Reader;
        while (await reader.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
        {
            while (!abort.IsCancellationRequested && reader.TryRead(out var item))
            {
                if (item.Stored is not { } claimed)
                {
                    await handler(item.Local, abort).ConfigureAwait(false);
                    continue;
                }

                FlowMessage<TIn>? message;
                try
                {
                    message = await PrepareAsync(claimed, abort).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (abort.IsCancellationRequested)
                {
                    await ReleaseAsync([claimed.Claim]).ConfigureAwait(false);
                    Interlocked.Decrement(ref _outstanding);
                    return;
                }
#pragma warning disable CA1031 // The instance could not be looked up (the store is down): the message goes back, the loop goes on.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    Log.PrepareFailed(_logger, _flowName, claimed.ExecutionId, e);
                    await ReleaseAsync([claimed.Claim]).ConfigureAwait(false);
                    Interlocked.Decrement(ref _outstanding);
                    continue;
                }

                if (message is { } runnable)
                {
                    await handler(runnable, abort).ConfigureAwait(false);
                }
            }

            if (abort.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>
    /// The message as the flow runs it, or null when it cannot run and was dead-lettered instead: delivered too often
    /// without an outcome (poison), a payload that no longer reads as the flow's type, an instance that is gone.
    /// </summary>
    private async ValueTask<FlowMessage<TIn>?> PrepareAsync(ClaimedMessage claimed, CancellationToken abort)
    {
        TIn payload = default!;
        Exception? unreadable = null;
        try
        {
            payload = JsonSerializer.Deserialize(claimed.Payload.Span, _json)!;
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException)
        {
            unreadable = e;
        }

        FlowInstanceBinding? instance = null;
        string? missing = null;
        if (claimed.InstanceId != FlowContext.DefaultInstanceId)
        {
            instance = _instances is null ? null : await _instances.ResolveAsync(_flowName, claimed.InstanceId, abort).ConfigureAwait(false);
            missing = instance is null ? $"Instance '{claimed.InstanceId}' of flow '{_flowName}' no longer exists (or no instance host runs here), so its stored message cannot run." : null;
        }

        var message = new FlowMessage<TIn>(payload, claimed.ExecutionId, instance, claimed.Trigger, default, null).Claimed(claimed.Claim, claimed.Deliveries);

        Exception? poison = null;
        if (claimed.Deliveries > _node.Options.MaxDeliveries)
        {
            poison = new FlowPoisonMessageException($"The message was delivered {claimed.Deliveries - 1} times without an outcome (its node crashed or stalled each time); it is not run again.");
        }
        else if (unreadable is not null)
        {
            poison = new FlowPoisonMessageException($"The stored payload cannot be read as {typeof(TIn).Name} (did the type change since it was stored?): {unreadable.Message}", unreadable);
        }
        else if (missing is not null)
        {
            poison = new FlowPoisonMessageException(missing);
        }

        if (poison is null)
        {
            return message;
        }

        await _outcomes.DeadLetterAsync(message, null, poison, 0, unreadable is null ? default : claimed.Payload).ConfigureAwait(false);
        var now = _node.Time.GetUtcNow();
        Record(message, new FlowExecutionReport(_flowName, claimed.InstanceId, claimed.ExecutionId, FlowOutcome.Failed, null, poison, 0, TimeSpan.Zero, now, now, claimed.Trigger, instance)
        {
            Delivery = claimed.Deliveries,
        });
        return null;
    }

    public override bool Record(in FlowMessage<TIn> message, in FlowExecutionReport report)
    {
        Interlocked.Increment(ref _recording);
        Interlocked.Decrement(ref _outstanding);
        Interlocked.Increment(ref _finished);
        _node.Record(this, new MessageCompletion(message.Claim, report.Outcome, report.EndedAt), report);
        if (!_storeDrained)
        {
            // Room for the backlog. A drained store is claimed from at the poll interval (other nodes' work, lapsed
            // leases), not after every message.
            Wake();
        }

        return true;
    }

    void IStoredOutcomeTarget.OnRecorded(in FlowExecutionReport report, bool? recorded)
    {
        if (Interlocked.Decrement(ref _recording) == MaxRecording - 1)
        {
            // The claim loop may have stopped for the store to catch up.
            Wake();
        }

        if (recorded == true)
        {
            _outcomes.TellListeners(report);
        }
    }

    /// <summary>Cancelled at shutdown: the claim goes back to the store, to run on another node or at the next start.</summary>
    public override async ValueTask AbandonAsync(FlowMessage<TIn> message, int attempts)
    {
        await ReleaseAsync([message.Claim]).ConfigureAwait(false);
        Interlocked.Decrement(ref _outstanding);
    }

    public override async Task<int> AbandonWaitingAsync()
    {
        var claims = new List<MessageClaim>();
        while (_claimed.Reader.TryRead(out var item))
        {
            claims.Add(item.Stored?.Claim ?? item.Local.Claim);
        }

        if (claims.Count > 0)
        {
            await ReleaseAsync(claims).ConfigureAwait(false);
            Interlocked.Add(ref _outstanding, -claims.Count);
        }

        return claims.Count;
    }

    private async Task ReleaseAsync(IReadOnlyList<MessageClaim> claims)
    {
        try
        {
            await _node.Store.ReleaseAsync(claims, CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Unreleased claims are not lost: their leases lapse and any node claims them again.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Log.ReleaseFailed(_logger, _flowName, claims.Count, e);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1040, LogLevel.Warning, "Flow {FlowName} execution {ExecutionId}: not accepted, the message store cannot be reached")]
        public static partial void AcceptFailed(ILogger logger, string flowName, Guid executionId, Exception exception);

        [LoggerMessage(1041, LogLevel.Warning, "Flow {FlowName}: claiming messages from the store failed; retrying in {DelayMilliseconds} ms")]
        public static partial void ClaimFailed(ILogger logger, string flowName, double delayMilliseconds, Exception exception);

        [LoggerMessage(1043, LogLevel.Warning, "Flow {FlowName} execution {ExecutionId}: the stored message could not be prepared (its instance could not be looked up); it was given back to the store")]
        public static partial void PrepareFailed(ILogger logger, string flowName, Guid executionId, Exception exception);

        [LoggerMessage(1042, LogLevel.Warning, "Flow {FlowName}: {Count} claim(s) could not be given back to the store at shutdown; they run again once their lease lapses")]
        public static partial void ReleaseFailed(ILogger logger, string flowName, int count, Exception exception);
    }

    /// <summary>A message claimed from the store (payload still JSON), or one this node stored claimed and runs as it is.</summary>
    private readonly record struct Claimed(ClaimedMessage? Stored, FlowMessage<TIn> Local);
}
