using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace FlowSdk.Hosting;

/// <summary>
/// Runs flow <typeparamref name="TFlow"/>: its queue (<c>Runtime/Queue</c>: in memory, or in the
/// <see cref="IFlowMessageStore"/> when one is registered), <see cref="FlowOptions.MaxConcurrency"/> consumer loops each
/// with its executor (<c>Runtime/Execution</c>: instance binding, attempts, retries per <see cref="FlowOptions.Retry"/>,
/// step telemetry) and the outcome steps (<c>Runtime/Outcomes</c>: dead letter, record, caller, trigger, listeners).
/// Every trigger enqueues through the overloads here.
/// </summary>
/// <typeparam name="TFlow">The flow class.</typeparam>
/// <typeparam name="TIn">The first step's payload type.</typeparam>
/// <typeparam name="TOut">The payload type after the last step.</typeparam>
public sealed partial class FlowRunner<TFlow, TIn, TOut> : IFlowRunner, IFlowQueue<TIn>, IFlowQueueWriter<TIn>, IRunnerControl
    where TFlow : class, IFlow<TIn, TOut>
{
    private static readonly TimeSpan AbandonGrace = TimeSpan.FromSeconds(5);
    private readonly CancellationTokenSource _abort = new();
    private readonly ExecutionIdGenerator _ids = new();
    private readonly ExecutionOutcomes<TIn, TOut> _outcomes;
    private Task _consumers = Task.CompletedTask;
    private int _started;
    private FlowExecutor<TFlow, TIn, TOut>[] _executors = [];
    private readonly IFlowMessageStore? _deliveries;

    internal FlowRunner(FlowDefinition definition, TFlow flow, FlowOptions options, TimeProvider time, IFlowDeadLetterSink deadLetters, IFlowExecutionListener[] listeners, ILogger logger, Func<IOutcomeReporter<TIn>, MessageQueue<TIn>>? durableQueue = null, IFlowMessageStore? deliveries = null, IReadOnlyList<FlowEntry<TIn>>? entries = null)
    {
        _deliveries = deliveries;
        AddEntries(entries ?? []);
        Definition = definition;
        Options = options;
        Flow = flow;
        Time = time;
        Clock = new HostClock(time);
        Logger = logger;
        FlowTag = new("flow", definition.Name);
        _outcomes = new ExecutionOutcomes<TIn, TOut>(definition, deadLetters, listeners, time, logger);

        // Request/response flows answer their caller from this process, so their messages stay in memory; a flow may
        // also opt out of the store.
        Queue = durableQueue is not null && options.Durable && !options.Webhook.Synchronous
            ? durableQueue(_outcomes)
            : new MemoryMessageQueue<TIn>(definition.Name, options, _outcomes);
        _outcomes.Queue = Queue;

        if (options.Retry.MaxAttempts > 1)
        {
            Retry = new ResiliencePipelineBuilder<FlowResult<TOut>> { TimeProvider = time }
                .AddRetry(new RetryStrategyOptions<FlowResult<TOut>>
                {
                    ShouldHandle = static args => new ValueTask<bool>(args.Outcome.Result.Outcome == FlowOutcome.Failed),
                    MaxRetryAttempts = options.Retry.MaxAttempts - 1,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = options.Retry.UseJitter,
                    Delay = options.Retry.BaseDelay,
                    MaxDelay = options.Retry.MaxDelay,
                })
                .Build();
        }
    }

    /// <inheritdoc/>
    public FlowDefinition Definition { get; }

    /// <inheritdoc/>
    public FlowOptions Options { get; }

    /// <inheritdoc/>
    public int QueueDepth => Queue.Depth;

    /// <inheritdoc/>
    public int InFlight
    {
        get
        {
            var running = 0;
            foreach (var executor in Volatile.Read(ref _executors))
            {
                running += executor.IsRunning ? 1 : 0;
            }

            return running;
        }
    }

    /// <inheritdoc/>
    public bool IsAccepting => Queue.IsAccepting;

    /// <summary>
    /// Whether accepted messages are stored before they are acknowledged (a message store is registered and the flow
    /// does not answer webhooks synchronously), so they survive a crash.
    /// </summary>
    public bool IsDurable => Queue.IsDurable;

    string IFlowQueue<TIn>.FlowName => Definition.Name;

    bool IFlowQueue<TIn>.IsDurable => Queue.IsDurable;

    string IFlowQueueWriter<TIn>.FlowName => Definition.Name;

    internal MessageQueue<TIn> Queue { get; }

    internal TFlow Flow { get; }

    internal TimeProvider Time { get; }

    internal HostClock Clock { get; }

    internal ILogger Logger { get; }

    internal KeyValuePair<string, object?> FlowTag { get; }

    internal ResiliencePipeline<FlowResult<TOut>>? Retry { get; }

    /// <summary>The options the journal writes payloads with, when <see cref="FlowOptions.Journal"/> records them and some are known.</summary>
    internal System.Text.Json.JsonSerializerOptions? JournalJson { get; init; }

    /// <summary>
    /// Enqueues <paramref name="payload"/> if the queue has room and the host is not stopping; never waits for room. A
    /// durable flow waits for the store's commit.
    /// </summary>
    /// <returns>False when the queue is full, the host is stopping or the store cannot be reached: nothing was enqueued.</returns>
    public bool TryEnqueue(TIn payload, out Guid executionId) => TryEnqueue(payload, null, null, null, Activity.Current?.Context ?? default, out executionId);

    /// <summary>
    /// Enqueues <paramref name="payload"/> for <paramref name="instance"/> (or the default instance when null) if there is
    /// room; never waits for room (a durable flow waits for the store's commit). An instance's message runs with the
    /// configuration <see cref="FlowInstanceBinding.GetConfiguration"/> gives when the execution starts.
    /// </summary>
    /// <param name="instance">The instance, or null for the default instance.</param>
    /// <param name="payload">The payload.</param>
    /// <param name="trigger">What enqueued it (<see cref="FlowTriggerNames"/>), reported to listeners and dead letters; or null.</param>
    /// <param name="executionId">The execution id, or <see cref="Guid.Empty"/> when nothing was enqueued.</param>
    /// <returns>False when the queue or the instance is full, the host is stopping or the store cannot be reached: nothing was enqueued.</returns>
    public bool TryEnqueue(FlowInstanceBinding? instance, TIn payload, string? trigger, out Guid executionId) =>
        TryEnqueue(payload, instance, trigger, null, Activity.Current?.Context ?? default, out executionId);

    /// <summary>
    /// Offers <paramref name="payload"/> for <paramref name="instance"/> without waiting for room; a durable flow
    /// completes once the message is stored. The answer says why a message was refused (a webhook answers 503 to all of them).
    /// </summary>
    /// <param name="instance">The instance, or null for the default instance.</param>
    /// <param name="payload">The payload.</param>
    /// <param name="trigger">What enqueued it (<see cref="FlowTriggerNames"/>), or null.</param>
    /// <param name="cancellationToken">Cancels waiting for the store.</param>
    public ValueTask<FlowEnqueueResult> TryEnqueueAsync(FlowInstanceBinding? instance, TIn payload, string? trigger, CancellationToken cancellationToken = default) =>
        TryEnqueueAsync(instance, payload, trigger, null, cancellationToken);

    /// <summary>
    /// Offers <paramref name="payload"/> as <see cref="TryEnqueueAsync(FlowInstanceBinding?, TIn, string?, CancellationToken)"/>
    /// does, once per <paramref name="delivery"/>: a delivery taken before (on any node sharing the store) is not run again
    /// and is answered with the execution it started (<see cref="FlowEnqueueResult.IsRedelivery"/>).
    /// </summary>
    /// <param name="instance">The instance, or null for the default instance.</param>
    /// <param name="payload">The payload.</param>
    /// <param name="trigger">What enqueued it (<see cref="FlowTriggerNames"/>), or null.</param>
    /// <param name="delivery">The sender's delivery id, or null; ignored without a message store.</param>
    /// <param name="cancellationToken">Cancels waiting for the store.</param>
    public ValueTask<FlowEnqueueResult> TryEnqueueAsync(FlowInstanceBinding? instance, TIn payload, string? trigger, FlowDelivery? delivery, CancellationToken cancellationToken = default)
    {
        if (delivery is { } once && (Queue is StoreMessageQueue<TIn> || _deliveries is not null))
        {
            ArgumentException.ThrowIfNullOrEmpty(once.Key, nameof(delivery));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(once.Key.Length, MaxDeliveryKeyLength, nameof(delivery));
            return TryEnqueueOnceAsync(instance, payload, trigger, once, cancellationToken);
        }

        var message = NewMessage(payload, instance, trigger, null, Activity.Current?.Context ?? default);
        var pending = Queue.OfferAsync(message, cancellationToken);
        return pending.IsCompletedSuccessfully
            ? new ValueTask<FlowEnqueueResult>(Answer(pending.Result, message.ExecutionId, trigger))
            : AwaitOfferAsync(pending, message.ExecutionId, trigger);
    }

    private const int MaxDeliveryKeyLength = 512;

    private async ValueTask<FlowEnqueueResult> TryEnqueueOnceAsync(FlowInstanceBinding? instance, TIn payload, string? trigger, FlowDelivery delivery, CancellationToken cancellationToken)
    {
        var instanceId = instance?.InstanceId ?? FlowContext.DefaultInstanceId;
        var store = Queue as StoreMessageQueue<TIn>;
        var deliveries = store?.Store ?? _deliveries!;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var message = NewMessage(payload, instance, trigger, null, Activity.Current?.Context ?? default);
            var expiresAt = Time.GetUtcNow() + delivery.Retention;
            Guid? first;
            try
            {
                if (store is not null)
                {
                    var (status, acceptance) = await store.AcceptAsync(message, null, false, delivery.Key, expiresAt, cancellationToken).ConfigureAwait(false);
                    if (acceptance != MessageAcceptance.Duplicate || status != FlowEnqueueStatus.Accepted)
                    {
                        return Answer(status, message.ExecutionId, trigger);
                    }

                    first = await deliveries.FindDeliveryAsync(Definition.Name, instanceId, delivery.Key, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    first = await deliveries.RecordDeliveryAsync(Definition.Name, instanceId, delivery.Key, message.ExecutionId, expiresAt, cancellationToken).ConfigureAwait(false);
                    if (first is null)
                    {
                        var status = await Queue.OfferAsync(message, cancellationToken).ConfigureAwait(false);
                        if (status != FlowEnqueueStatus.Accepted)
                        {
                            // Refused: a later redelivery must run, not be answered with this execution.
                            await deliveries.ForgetDeliveryAsync(Definition.Name, instanceId, delivery.Key, message.ExecutionId, CancellationToken.None).ConfigureAwait(false);
                        }

                        return Answer(status, message.ExecutionId, trigger);
                    }
                }
            }
            catch (FlowStoreUnavailableException)
            {
                return Answer(FlowEnqueueStatus.StoreUnavailable, message.ExecutionId, trigger);
            }

            if (first is { } executionId)
            {
                return new FlowEnqueueResult(FlowEnqueueStatus.Accepted, executionId) { IsRedelivery = true };
            }

            // The first delivery's record expired between the two reads: offer it again as a new delivery.
        }

        return Answer(FlowEnqueueStatus.StoreUnavailable, Guid.Empty, trigger);
    }

    private async ValueTask<FlowEnqueueResult> AwaitOfferAsync(ValueTask<FlowEnqueueStatus> pending, Guid executionId, string? trigger) =>
        Answer(await pending.ConfigureAwait(false), executionId, trigger);

    private FlowEnqueueResult Answer(FlowEnqueueStatus status, Guid executionId, string? trigger)
    {
        if (status == FlowEnqueueStatus.Accepted)
        {
            return new FlowEnqueueResult(status, executionId);
        }

        CountRejected(trigger);
        return new FlowEnqueueResult(status, Guid.Empty);
    }

    /// <summary>
    /// Enqueues <paramref name="payload"/> for <paramref name="instance"/> and hands back a task that completes with the
    /// execution's final result (after retries); for request/response triggers, whose flows keep messages in memory.
    /// </summary>
    /// <returns>False when the queue or the instance's lane is full or the host is stopping: nothing was enqueued and <paramref name="completion"/> is null.</returns>
    /// <exception cref="NotSupportedException">The flow is durable: its outcome is recorded in the store, not handed to a caller.</exception>
    public bool TryEnqueue(FlowInstanceBinding? instance, TIn payload, string? trigger, out Guid executionId, out Task<FlowResult<TOut>>? completion)
    {
        if (Queue.IsDurable)
        {
            throw new NotSupportedException($"Flow '{Definition.Name}' stores its messages; a caller cannot wait for its result. Set Webhook.Synchronous for a request/response flow.");
        }

        var observer = new CompletionObserver<TOut>();
        if (TryEnqueue(payload, instance, trigger, observer, Activity.Current?.Context ?? default, out executionId))
        {
            completion = observer.Task;
            return true;
        }

        completion = null;
        return false;
    }

    /// <summary>
    /// Enqueues <paramref name="payload"/> and hands back a task that completes with the execution's final result
    /// (after retries); for request/response triggers.
    /// </summary>
    /// <returns>False when the queue is full or the host is stopping: nothing was enqueued and <paramref name="completion"/> is null.</returns>
    /// <exception cref="NotSupportedException">The flow is durable.</exception>
    public bool TryEnqueue(TIn payload, out Guid executionId, out Task<FlowResult<TOut>>? completion) =>
        TryEnqueue(null, payload, null, out executionId, out completion);

    /// <summary>Enqueues <paramref name="payload"/>, waiting while the queue is full.</summary>
    /// <exception cref="InvalidOperationException">The host is stopping.</exception>
    /// <exception cref="FlowStoreUnavailableException">The flow is durable and the store cannot be reached; nothing was stored.</exception>
    public ValueTask<Guid> EnqueueAsync(TIn payload, CancellationToken cancellationToken = default) =>
        EnqueueAsync(null, payload, null, cancellationToken);

    /// <summary>Enqueues <paramref name="payload"/> for <paramref name="instance"/>, waiting while the queue or the instance is full.</summary>
    /// <param name="instance">The instance, or null for the default instance.</param>
    /// <param name="payload">The payload.</param>
    /// <param name="trigger">What enqueued it (<see cref="FlowTriggerNames"/>), or null.</param>
    /// <param name="cancellationToken">Cancels the wait for room; nothing is enqueued then.</param>
    /// <returns>The execution id.</returns>
    /// <exception cref="InvalidOperationException">The host is stopping.</exception>
    /// <exception cref="FlowStoreUnavailableException">The flow is durable and the store cannot be reached; nothing was stored.</exception>
    public ValueTask<Guid> EnqueueAsync(FlowInstanceBinding? instance, TIn payload, string? trigger, CancellationToken cancellationToken = default)
    {
        var message = NewMessage(payload, instance, trigger, null, Activity.Current?.Context ?? default);
        var pending = Queue.EnqueueAsync(message, cancellationToken);
        if (pending.IsCompletedSuccessfully)
        {
            pending.GetAwaiter().GetResult(); // read, so a pooled wait that already ended goes back to its pool
            return new ValueTask<Guid>(message.ExecutionId);
        }

        return AwaitEnqueueAsync(pending, message.ExecutionId, Definition.Name);
    }

    // Pooled: a producer that outpaces the consumers waits here for every message it writes to a full queue.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<Guid> AwaitEnqueueAsync(ValueTask pending, Guid executionId, string flowName)
    {
        try
        {
            await pending.ConfigureAwait(false);
        }
        catch (ChannelClosedException e)
        {
            // The in-memory queue's channel closed at shutdown while this publish waited for room.
            throw MessageQueue<TIn>.Stopping(flowName, e);
        }

        return executionId;
    }

    bool IFlowQueue<TIn>.HasTrigger<TTrigger>() => Definition.Triggers.Any(t => t is TTrigger);

    /// <summary>Enqueues with an observer and a parent span; the path every synchronous trigger takes.</summary>
    internal bool TryEnqueue(TIn payload, FlowInstanceBinding? instance, string? trigger, IFlowExecutionObserver? observer, ActivityContext parent, out Guid executionId)
    {
        var message = NewMessage(payload, instance, trigger, observer, parent);
        if (Queue.Offer(message) == FlowEnqueueStatus.Accepted)
        {
            executionId = message.ExecutionId;
            return true;
        }

        CountRejected(trigger);
        executionId = Guid.Empty;
        return false;
    }

    /// <summary>
    /// Offers a schedule occurrence. A durable flow stores it once per flow, instance and scheduled time whatever the
    /// number of nodes firing it, and refuses it while the previous one runs unless overlap is allowed; in memory the
    /// observer guards the overlap.
    /// </summary>
    internal ValueTask<(FlowEnqueueStatus Status, MessageAcceptance Acceptance, Guid ExecutionId)> OfferOccurrenceAsync(TIn payload, FlowInstanceBinding? instance, DateTimeOffset scheduledAt, bool allowOverlap, IFlowExecutionObserver? observer)
    {
        if (Queue is StoreMessageQueue<TIn> store)
        {
            return AcceptOccurrenceAsync(store, NewMessage(payload, instance, FlowTriggerNames.Schedule, null, default), scheduledAt, allowOverlap);
        }

        var accepted = TryEnqueue(payload, instance, FlowTriggerNames.Schedule, observer, default, out var executionId);
        return new((accepted ? FlowEnqueueStatus.Accepted : FlowEnqueueStatus.QueueFull, MessageAcceptance.Accepted, executionId));
    }

    private async ValueTask<(FlowEnqueueStatus, MessageAcceptance, Guid)> AcceptOccurrenceAsync(StoreMessageQueue<TIn> store, FlowMessage<TIn> message, DateTimeOffset scheduledAt, bool allowOverlap)
    {
        var (status, acceptance) = await store.AcceptAsync(message, scheduledAt, !allowOverlap, CancellationToken.None).ConfigureAwait(false);
        if (status != FlowEnqueueStatus.Accepted)
        {
            CountRejected(FlowTriggerNames.Schedule);
        }

        return (status, acceptance, status == FlowEnqueueStatus.Accepted && acceptance == MessageAcceptance.Accepted ? message.ExecutionId : Guid.Empty);
    }

    private FlowMessage<TIn> NewMessage(TIn payload, FlowInstanceBinding? instance, string? trigger, IFlowExecutionObserver? observer, ActivityContext parent) =>
        new(payload, _ids.Next(Clock.CoarseUtcNow()), instance, trigger, parent, observer);

    private void CountRejected(string? trigger)
    {
        if (FlowTelemetry.Rejected.Enabled)
        {
            FlowTelemetry.Rejected.Add(1, FlowTag, new KeyValuePair<string, object?>("trigger", trigger ?? FlowTriggerNames.Channel));
        }
    }

    bool IFlowQueue<TIn>.TryEnqueue(TIn payload, FlowInstanceBinding? instance, string? trigger, IFlowExecutionObserver? observer, ActivityContext parent, out Guid executionId) =>
        TryEnqueue(payload, instance, trigger, observer, parent, out executionId);

    ValueTask<Guid> IFlowQueue<TIn>.EnqueueAsync(TIn payload, FlowInstanceBinding? instance, string? trigger, CancellationToken cancellationToken) =>
        EnqueueAsync(instance, payload, trigger, cancellationToken);

    Task<DateTimeOffset?> IFlowQueue<TIn>.LastOccurrenceToCatchUpAsync(FlowInstanceBinding? instance) =>
        Queue is StoreMessageQueue<TIn> store ? store.LastOccurrenceToCatchUpAsync(instance) : Task.FromResult<DateTimeOffset?>(null);

    ValueTask<(FlowEnqueueStatus Status, MessageAcceptance Acceptance, Guid ExecutionId)> IFlowQueue<TIn>.OfferOccurrenceAsync(TIn payload, FlowInstanceBinding? instance, DateTimeOffset scheduledAt, bool allowOverlap, IFlowExecutionObserver? observer) =>
        OfferOccurrenceAsync(payload, instance, scheduledAt, allowOverlap, observer);

    /// <summary>Starts the queue and the consumer loops.</summary>
    void IRunnerControl.Start()
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            return;
        }

        FlowTelemetry.Track(this);
        Queue.Start();
        var executors = new FlowExecutor<TFlow, TIn, TOut>[Options.MaxConcurrency];
        var loops = new Task[executors.Length];
        for (var i = 0; i < loops.Length; i++)
        {
            var executor = executors[i] = new FlowExecutor<TFlow, TIn, TOut>(this, _outcomes);
            loops[i] = Task.Run(() => Queue.ConsumeAsync(executor.Handler, _abort.Token));
        }

        Volatile.Write(ref _executors, executors);

        _consumers = Task.WhenAll(loops);
        Log.RunnerStarted(Logger, Definition.Name, Options.Capacity, Options.MaxConcurrency);
    }

    /// <summary>
    /// Stops accepting, then lets the consumers finish every message this node accepted (in memory) or claimed (in the
    /// store; the rest stays there). When <paramref name="cancellationToken"/> fires first (the host's shutdown
    /// timeout), in-flight executions are cancelled; in memory they and the messages still queued go to the dead-letter
    /// sink, in the store their claims are given back for the next start or another node.
    /// </summary>
    async Task IRunnerControl.StopAsync(CancellationToken cancellationToken)
    {
        Queue.CompleteAdding();
        if (Volatile.Read(ref _started) == 0)
        {
            await Queue.AbandonWaitingAsync().ConfigureAwait(false);
            return;
        }

        Log.Draining(Logger, Definition.Name, QueueDepth);
        try
        {
            await _consumers.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await _abort.CancelAsync().ConfigureAwait(false);
            var abandoned = await Queue.AbandonWaitingAsync().ConfigureAwait(false);

            // Cancelled executions dead-letter (memory) or give back (store) their message; a step that ignores
            // cancellation gets a few seconds more, so that happens before the sink or the store is disposed.
            try
            {
                await _consumers.WaitAsync(AbandonGrace).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                Log.ExecutionsIgnoredCancellation(Logger, Definition.Name, InFlight);
            }

            if (Queue.IsDurable)
            {
                Log.DrainTimedOutDurable(Logger, Definition.Name, abandoned);
            }
            else
            {
                Log.DrainTimedOut(Logger, Definition.Name, abandoned);
            }
        }
        finally
        {
            FlowTelemetry.Untrack(this);
        }

        Log.RunnerStopped(Logger, Definition.Name);
    }
}
