using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace FlowSdk.Hosting;

/// <summary>
/// Runs flow <typeparamref name="TFlow"/>: a bounded <see cref="Channel{T}"/> of <see cref="FlowOptions.Capacity"/>
/// messages and <see cref="FlowOptions.MaxConcurrency"/> consumer loops, each with its own reused
/// <see cref="FlowContext"/>. Failed executions are retried per <see cref="FlowOptions.Retry"/>, then dead-lettered.
/// Messages addressed to an instance (<see cref="FlowInstanceBinding"/>) wait in a lane of their own and take turns with
/// the other instances' messages (<see cref="FlowOptions.Instances"/>).
/// </summary>
/// <typeparam name="TFlow">The flow class.</typeparam>
/// <typeparam name="TIn">The first step's payload type.</typeparam>
/// <typeparam name="TOut">The payload type after the last step.</typeparam>
public sealed class FlowRunner<TFlow, TIn, TOut> : IFlowRunner, IFlowQueue<TIn>, IFlowQueueWriter<TIn>, IRunnerControl
    where TFlow : class, IFlow<TIn, TOut>
{
    private static readonly Func<ResilienceContext, Consumer, ValueTask<Outcome<FlowResult<TOut>>>> s_attempt = static (resilience, consumer) => consumer.AttemptAsync(resilience.CancellationToken);

    private readonly TFlow _flow;
    private readonly Channel<WorkItem> _channel;
    private readonly TimeProvider _time;
    private readonly IFlowDeadLetterSink _deadLetters;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline<FlowResult<TOut>>? _retry;
    private readonly IFlowExecutionListener[] _listeners;
    private readonly CancellationTokenSource _abort = new();
    private readonly ExecutionIdGenerator _ids = new();
    private readonly KeyValuePair<string, object?> _flowTag;
    private readonly InstanceLanes<WorkItem> _lanes;
    private Task _consumers = Task.CompletedTask;
    private volatile bool _accepting = true;
    private int _started;
    private int _inFlight;

    internal FlowRunner(FlowDefinition definition, TFlow flow, FlowOptions options, TimeProvider time, IFlowDeadLetterSink deadLetters, IFlowExecutionListener[] listeners, ILogger logger)
    {
        _listeners = listeners;
        Definition = definition;
        Options = options;
        _flow = flow;
        _time = time;
        _deadLetters = deadLetters;
        _logger = logger;
        _flowTag = new("flow", definition.Name);
        _lanes = new InstanceLanes<WorkItem>(options.Instances.MaxConcurrencyPerInstance, options.Instances.CapacityPerInstance);
        _channel = Channel.CreateBounded<WorkItem>(new BoundedChannelOptions(options.Capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = options.MaxConcurrency == 1,
            SingleWriter = false,
            AllowSynchronousContinuations = false,
        });

        if (options.Retry.MaxAttempts > 1)
        {
            _retry = new ResiliencePipelineBuilder<FlowResult<TOut>> { TimeProvider = time }
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
    public int QueueDepth => _channel.Reader.Count;

    /// <inheritdoc/>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <inheritdoc/>
    public bool IsAccepting => _accepting;

    string IFlowQueue<TIn>.FlowName => Definition.Name;

    string IFlowQueueWriter<TIn>.FlowName => Definition.Name;

    /// <summary>
    /// Enqueues <paramref name="payload"/> if the queue has room and the host is not stopping; never waits.
    /// </summary>
    /// <returns>False when the queue is full or the host is stopping: nothing was enqueued.</returns>
    public bool TryEnqueue(TIn payload, out Guid executionId) => TryEnqueue(payload, null, null, null, Activity.Current?.Context ?? default, out executionId);

    /// <summary>
    /// Enqueues <paramref name="payload"/> for <paramref name="instance"/> (or the default instance when null) if there is
    /// room; never waits. An instance's message waits in its own lane and runs with the configuration
    /// <see cref="FlowInstanceBinding.GetConfiguration"/> gives when the execution starts.
    /// </summary>
    /// <param name="instance">The instance, or null for the default instance.</param>
    /// <param name="payload">The payload.</param>
    /// <param name="trigger">What enqueued it (<see cref="FlowTriggerNames"/>), reported to listeners and dead letters; or null.</param>
    /// <param name="executionId">The execution id, or <see cref="Guid.Empty"/> when nothing was enqueued.</param>
    /// <returns>False when the queue or the instance's lane is full or the host is stopping: nothing was enqueued.</returns>
    public bool TryEnqueue(FlowInstanceBinding? instance, TIn payload, string? trigger, out Guid executionId) =>
        TryEnqueue(payload, instance, trigger, null, Activity.Current?.Context ?? default, out executionId);

    /// <summary>
    /// Enqueues <paramref name="payload"/> for <paramref name="instance"/> and hands back a task that completes with the
    /// execution's final result (after retries); for request/response triggers.
    /// </summary>
    /// <returns>False when the queue or the instance's lane is full or the host is stopping: nothing was enqueued and <paramref name="completion"/> is null.</returns>
    public bool TryEnqueue(FlowInstanceBinding? instance, TIn payload, string? trigger, out Guid executionId, out Task<FlowResult<TOut>>? completion)
    {
        var observer = new CompletionObserver();
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
    public bool TryEnqueue(TIn payload, out Guid executionId, out Task<FlowResult<TOut>>? completion)
    {
        var observer = new CompletionObserver();
        if (TryEnqueue(payload, null, null, observer, Activity.Current?.Context ?? default, out executionId))
        {
            completion = observer.Task;
            return true;
        }

        completion = null;
        return false;
    }

    /// <summary>Enqueues <paramref name="payload"/>, waiting while the queue is full.</summary>
    /// <exception cref="InvalidOperationException">The host is stopping.</exception>
    public ValueTask<Guid> EnqueueAsync(TIn payload, CancellationToken cancellationToken = default) =>
        EnqueueDefaultAsync(payload, null, cancellationToken);

    /// <summary>Enqueues <paramref name="payload"/> for <paramref name="instance"/>, waiting while the queue or the instance's lane is full.</summary>
    /// <param name="instance">The instance, or null for the default instance.</param>
    /// <param name="payload">The payload.</param>
    /// <param name="trigger">What enqueued it (<see cref="FlowTriggerNames"/>), or null.</param>
    /// <param name="cancellationToken">Cancels the wait for room; nothing is enqueued then.</param>
    /// <returns>The execution id.</returns>
    /// <exception cref="InvalidOperationException">The host is stopping.</exception>
    public ValueTask<Guid> EnqueueAsync(FlowInstanceBinding? instance, TIn payload, string? trigger, CancellationToken cancellationToken = default)
    {
        if (instance is null)
        {
            return EnqueueDefaultAsync(payload, trigger, cancellationToken);
        }

        var id = _ids.Next(_time.GetUtcNow());
        return EnqueueInstanceAsync(new WorkItem(payload, id, null, Activity.Current?.Context ?? default, instance, trigger), cancellationToken);
    }

    private ValueTask<Guid> EnqueueDefaultAsync(TIn payload, string? trigger, CancellationToken cancellationToken)
    {
        var id = _ids.Next(_time.GetUtcNow());
        var item = new WorkItem(payload, id, null, Activity.Current?.Context ?? default, null, trigger);
        if (_accepting && _channel.Writer.TryWrite(item))
        {
            return new ValueTask<Guid>(id);
        }

        return EnqueueSlowAsync(item, cancellationToken);
    }

    private async ValueTask<Guid> EnqueueInstanceAsync(WorkItem item, CancellationToken cancellationToken)
    {
        if (!_accepting)
        {
            throw Stopping();
        }

        var instanceId = item.Instance!.InstanceId;
        await _lanes.ReserveAsync(instanceId, cancellationToken).ConfigureAwait(false);
        try
        {
            await EnqueueSlowAsync(WorkItem.Ticket, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            _lanes.CancelReservation(instanceId);
            throw;
        }

        _lanes.Add(instanceId, item);
        return item.ExecutionId;
    }

    private async ValueTask<Guid> EnqueueSlowAsync(WorkItem item, CancellationToken cancellationToken)
    {
        if (!_accepting)
        {
            throw Stopping();
        }

        try
        {
            await _channel.Writer.WriteAsync(item, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            throw Stopping();
        }

        return item.ExecutionId;
    }

    private InvalidOperationException Stopping() => new($"Flow '{Definition.Name}' is stopping and accepts no more messages.");

    bool IFlowQueue<TIn>.HasTrigger<TTrigger>() => Definition.Triggers.Any(t => t is TTrigger);

    /// <summary>Enqueues with an observer and a parent span; the path every trigger takes.</summary>
    internal bool TryEnqueue(TIn payload, FlowInstanceBinding? instance, string? trigger, IFlowExecutionObserver? observer, ActivityContext parent, out Guid executionId)
    {
        executionId = _ids.Next(_time.GetUtcNow());
        if (instance is null)
        {
            if (_accepting && _channel.Writer.TryWrite(new WorkItem(payload, executionId, observer, parent, null, trigger)))
            {
                return true;
            }
        }
        else if (TryEnqueueInstance(new WorkItem(payload, executionId, observer, parent, instance, trigger)))
        {
            return true;
        }

        if (FlowTelemetry.Rejected.Enabled)
        {
            FlowTelemetry.Rejected.Add(1, _flowTag, new KeyValuePair<string, object?>("trigger", trigger ?? FlowTriggerNames.Channel));
        }

        executionId = Guid.Empty;
        return false;
    }

    /// <summary>A lane reservation first, then a ticket in the channel, then the message in its lane.</summary>
    private bool TryEnqueueInstance(WorkItem item)
    {
        var instanceId = item.Instance!.InstanceId;
        if (!_accepting || !_lanes.TryReserve(instanceId))
        {
            return false;
        }

        if (!_channel.Writer.TryWrite(WorkItem.Ticket))
        {
            _lanes.CancelReservation(instanceId);
            return false;
        }

        _lanes.Add(instanceId, item);
        return true;
    }

    bool IFlowQueue<TIn>.TryEnqueue(TIn payload, FlowInstanceBinding? instance, string? trigger, IFlowExecutionObserver? observer, ActivityContext parent, out Guid executionId) =>
        TryEnqueue(payload, instance, trigger, observer, parent, out executionId);

    ValueTask<Guid> IFlowQueue<TIn>.EnqueueAsync(TIn payload, FlowInstanceBinding? instance, string? trigger, CancellationToken cancellationToken) =>
        EnqueueAsync(instance, payload, trigger, cancellationToken);

    /// <summary>Starts the consumer loops.</summary>
    void IRunnerControl.Start()
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            return;
        }

        FlowTelemetry.Track(this);
        var loops = new Task[Options.MaxConcurrency];
        for (var i = 0; i < loops.Length; i++)
        {
            var consumer = new Consumer(this);
            loops[i] = Task.Run(consumer.RunAsync);
        }

        _consumers = Task.WhenAll(loops);
        Log.RunnerStarted(_logger, Definition.Name, Options.Capacity, Options.MaxConcurrency);
    }

    /// <summary>
    /// Stops accepting, then lets the consumers finish every queued and in-flight message. When
    /// <paramref name="cancellationToken"/> fires first (the host's shutdown timeout), in-flight executions are
    /// cancelled and the messages still queued go to the dead-letter sink.
    /// </summary>
    async Task IRunnerControl.StopAsync(CancellationToken cancellationToken)
    {
        _accepting = false;
        _channel.Writer.TryComplete();
        if (Volatile.Read(ref _started) == 0)
        {
            // Never started: nothing can run what was queued, so it is dead-lettered rather than lost.
            await AbandonQueuedAsync().ConfigureAwait(false);
            return;
        }

        Log.Draining(_logger, Definition.Name, QueueDepth);
        try
        {
            await _consumers.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await _abort.CancelAsync().ConfigureAwait(false);
            var abandoned = await AbandonQueuedAsync().ConfigureAwait(false);
            Log.DrainTimedOut(_logger, Definition.Name, abandoned);
        }
        finally
        {
            FlowTelemetry.Untrack(this);
        }

        Log.RunnerStopped(_logger, Definition.Name);
    }

    private void Report(in FlowExecutionReport report)
    {
        foreach (var listener in _listeners)
        {
            try
            {
                listener.OnExecutionFinished(report);
            }
#pragma warning disable CA1031 // A failing listener is logged; it never stops the flow.
            catch (Exception e)
#pragma warning restore CA1031
            {
                Log.ListenerFailed(_logger, Definition.Name, report.ExecutionId, e);
            }
        }
    }

    private async Task<int> AbandonQueuedAsync()
    {
        var count = 0;
        while (_channel.Reader.TryRead(out var item))
        {
            if (item.IsTicket)
            {
                continue;
            }

            count++;
            item.Observer?.OnAbandoned(item.ExecutionId);
            await DeadLetterAsync(item, null, new FlowAbandonedException(), 0, CancellationToken.None).ConfigureAwait(false);
        }

        // Instance messages wait in their lanes; a ticket only said one was there.
        while (_lanes.TryTakeAny(out var item))
        {
            count++;
            item.Observer?.OnAbandoned(item.ExecutionId);
            await DeadLetterAsync(item, null, new FlowAbandonedException(), 0, CancellationToken.None).ConfigureAwait(false);
        }

        return count;
    }

    private async ValueTask DeadLetterAsync(WorkItem item, string? step, Exception exception, int attempts, CancellationToken cancellationToken)
    {
        if (FlowTelemetry.DeadLetters.Enabled)
        {
            FlowTelemetry.DeadLetters.Add(1, _flowTag, new("step", step));
        }

        Log.DeadLettered(_logger, Definition.Name, item.ExecutionId, step, attempts, RedactedFailure.ForLog(exception, item.Instance));
        try
        {
            await _deadLetters.WriteAsync(
                new FlowDeadLetter(Definition.Name, item.Instance?.InstanceId ?? FlowContext.DefaultInstanceId, item.ExecutionId, step, exception, item.Payload, attempts, _time.GetUtcNow())
                {
                    Trigger = item.Trigger,
                },
                cancellationToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A failing sink is logged; it must never stop the flow.
        catch (Exception sinkFailure)
#pragma warning restore CA1031
        {
            Log.DeadLetterSinkFailed(_logger, Definition.Name, item.ExecutionId, sinkFailure);
        }
    }

    private readonly struct WorkItem(TIn payload, Guid executionId, IFlowExecutionObserver? observer, ActivityContext parent, FlowInstanceBinding? instance, string? trigger)
    {
        /// <summary>Stands in the channel for one message waiting in an instance lane.</summary>
        public static readonly WorkItem Ticket = new(default!, Guid.Empty, null, default, null, null, isTicket: true);

        private WorkItem(TIn payload, Guid executionId, IFlowExecutionObserver? observer, ActivityContext parent, FlowInstanceBinding? instance, string? trigger, bool isTicket)
            : this(payload, executionId, observer, parent, instance, trigger) => IsTicket = isTicket;

        public TIn Payload { get; } = payload;

        public FlowInstanceBinding? Instance { get; } = instance;

        public string? Trigger { get; } = trigger;

        public bool IsTicket { get; }

        public Guid ExecutionId { get; } = executionId;

        public IFlowExecutionObserver? Observer { get; } = observer;

        public ActivityContext Parent { get; } = parent;
    }

    /// <summary>One consumer loop with its reused context; also the state of a retried execution (no closures).</summary>
    private sealed class Consumer(FlowRunner<TFlow, TIn, TOut> runner)
    {
        private readonly FlowContext _context = new(runner.Definition.Name);
        private WorkItem _item;
        private bool _bound;
        private int _attempt;
        private Activity? _activity;
        private StepTelemetryObserver? _steps;

        public async Task RunAsync()
        {
            var reader = runner._channel.Reader;
            var abort = runner._abort.Token;

            // No token on the wait: a cancellable wait would allocate per wait; completing the writer ends the loop.
            while (await reader.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
            {
                while (!abort.IsCancellationRequested && reader.TryRead(out var item))
                {
                    if (!item.IsTicket)
                    {
                        await ExecuteAsync(item, abort).ConfigureAwait(false);
                        continue;
                    }

                    InstanceLanes<WorkItem>.Taken taken;
                    try
                    {
                        taken = await runner._lanes.TakeAsync(abort).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (abort.IsCancellationRequested)
                    {
                        return;
                    }

                    try
                    {
                        await ExecuteAsync(taken.Item, abort).ConfigureAwait(false);
                    }
                    finally
                    {
                        runner._lanes.Release(taken.Lane);
                    }
                }

                if (abort.IsCancellationRequested)
                {
                    return;
                }
            }
        }

        private async ValueTask ExecuteAsync(WorkItem item, CancellationToken abort)
        {
            var flowName = runner.Definition.Name;
            var start = Stopwatch.GetTimestamp();
            Interlocked.Increment(ref runner._inFlight);
            _item = item;
            _attempt = 0;
            _activity = FlowTelemetry.Source.HasListeners() ? StartActivity(item) : null;
            var startedAt = runner._time.GetUtcNow();
            _context.Begin(item.ExecutionId, startedAt);
            FlowResult<TOut> result;
            try
            {
                BindInstance(item.Instance);
                if (runner._retry is null)
                {
                    result = (await AttemptAsync(abort).ConfigureAwait(false)).Result;
                }
                else
                {
                    var resilience = ResilienceContextPool.Shared.Get(abort);
                    try
                    {
                        var outcome = await runner._retry.ExecuteOutcomeAsync(s_attempt, resilience, this).ConfigureAwait(false);
                        outcome.ThrowIfException();
                        result = outcome.Result;
                    }
                    finally
                    {
                        ResilienceContextPool.Shared.Return(resilience);
                    }
                }
            }
            catch (OperationCanceledException) when (abort.IsCancellationRequested)
            {
                // Shutdown timeout: the execution was cancelled; it goes to the dead-letter sink, not into thin air.
                _activity?.SetStatus(ActivityStatusCode.Error, "cancelled at shutdown");
                await runner.DeadLetterAsync(item, null, new FlowAbandonedException("The host stopped while the message was running."), _attempt, CancellationToken.None).ConfigureAwait(false);
                Finish();
                item.Observer?.OnAbandoned(item.ExecutionId);
                return;
            }
#pragma warning disable CA1031 // Anything thrown outside the steps fails this message only; the loop goes on.
            catch (Exception crash)
#pragma warning restore CA1031
            {
                Log.ExecutionCrashed(runner._logger, flowName, item.ExecutionId, RedactedFailure.ForLog(crash, item.Instance)!);
                result = FlowResult<TOut>.Failed(string.Empty, crash);
            }

            var tag = FlowTelemetry.OutcomeTag(result.Outcome);
            if (result.Outcome == FlowOutcome.Failed)
            {
                await runner.DeadLetterAsync(item, result.FailedStep, result.Exception ?? new InvalidOperationException("The flow failed."), Math.Max(_attempt, 1), CancellationToken.None).ConfigureAwait(false);
            }

            if (_activity is not null)
            {
                _activity.SetTag("flow.outcome", tag);
                _activity.SetTag("flow.attempts", _attempt);
                if (result.Outcome == FlowOutcome.Failed)
                {
                    _activity.SetStatus(ActivityStatusCode.Error, result.FailedStep);
                }
            }

            var elapsed = Stopwatch.GetElapsedTime(start);
            if (FlowTelemetry.Executions.Enabled)
            {
                FlowTelemetry.Executions.Add(1, runner._flowTag, new("outcome", tag));
            }

            if (FlowTelemetry.ExecutionDuration.Enabled)
            {
                FlowTelemetry.ExecutionDuration.Record(elapsed.TotalSeconds, runner._flowTag, new("outcome", tag));
            }

            // The span ends and the execution leaves the in-flight count before anyone is told it finished.
            Finish();
            Log.ExecutionFinished(runner._logger, flowName, item.ExecutionId, tag, elapsed.TotalMilliseconds);

            // The trigger that enqueued the message (a schedule's overlap guard) learns it finished before listeners
            // do, so whoever reacts to a report sees the trigger ready for its next run.
            item.Observer?.OnFinished(item.ExecutionId, result.Outcome);
            if (runner._listeners.Length != 0)
            {
                runner.Report(new FlowExecutionReport(flowName, item.Instance?.InstanceId ?? FlowContext.DefaultInstanceId, item.ExecutionId, result.Outcome, result.FailedStep, result.Exception, Math.Max(_attempt, 1), elapsed, startedAt, runner._time.GetUtcNow(), item.Trigger, item.Instance));
            }

            if (item.Observer is CompletionObserver completion)
            {
                completion.Complete(result);
            }
        }

        /// <summary>Points the reused context at the message's instance; the configuration is read once, here.</summary>
        private void BindInstance(FlowInstanceBinding? instance)
        {
            if (instance is not null)
            {
                _bound = true;
                _context.UseInstance(instance.InstanceId, instance.GetConfiguration());
            }
            else if (_bound)
            {
                _bound = false;
                _context.UseInstance(FlowContext.DefaultInstanceId, null);
            }
        }

        private void Finish()
        {
            _activity?.Dispose();
            _activity = null;
            _item = default;
            Interlocked.Decrement(ref runner._inFlight);
        }

        private Activity? StartActivity(WorkItem item)
        {
            var activity = FlowTelemetry.Source.StartActivity(FlowTelemetry.ExecutionActivityName, ActivityKind.Consumer, item.Parent);
            if (activity is not null)
            {
                activity.DisplayName = runner.Definition.Name;
                activity.SetTag("flow.name", runner.Definition.Name);
                activity.SetTag("flow.execution_id", item.ExecutionId.ToString());
                activity.SetTag("flow.instance_id", item.Instance?.InstanceId ?? FlowContext.DefaultInstanceId);
            }

            return activity;
        }

        /// <summary>One run of the pipeline; synchronous flows complete without suspending.</summary>
        public ValueTask<Outcome<FlowResult<TOut>>> AttemptAsync(CancellationToken cancellationToken)
        {
            _attempt++;
            if (_attempt > 1)
            {
                _context.Begin(_item.ExecutionId, runner._time.GetUtcNow());
            }

            // Steps are timed only while a span or the step histogram is listened to; otherwise no observer is set.
            if (StepTelemetryObserver.IsListening(_activity))
            {
                _steps ??= new StepTelemetryObserver(runner.Definition);
                _steps.Begin(_activity);
                _context.StepObserver = _steps;
            }
            else
            {
                _context.StepObserver = null;
            }

            var attemptStart = Stopwatch.GetTimestamp();
            var pending = runner._flow.RunAsync(_item.Payload, _context, cancellationToken);
            if (pending.IsCompletedSuccessfully)
            {
                return new ValueTask<Outcome<FlowResult<TOut>>>(Outcome.FromResult(AttemptDone(pending.Result, attemptStart)));
            }

            return AwaitAttemptAsync(pending, attemptStart);
        }

        private async ValueTask<Outcome<FlowResult<TOut>>> AwaitAttemptAsync(ValueTask<FlowResult<TOut>> pending, long attemptStart) =>
            Outcome.FromResult(AttemptDone(await pending.ConfigureAwait(false), attemptStart));

        private FlowResult<TOut> AttemptDone(FlowResult<TOut> result, long attemptStart)
        {
            if (_context.StepObserver is not null)
            {
                _steps!.EndStep();
            }

            var tag = FlowTelemetry.OutcomeTag(result.Outcome);
            if (FlowTelemetry.AttemptDuration.Enabled)
            {
                var seconds = Stopwatch.GetElapsedTime(attemptStart).TotalSeconds;
                if (result.Outcome == FlowOutcome.Failed)
                {
                    FlowTelemetry.AttemptDuration.Record(seconds, runner._flowTag, new("outcome", tag), new("step", result.FailedStep));
                }
                else
                {
                    FlowTelemetry.AttemptDuration.Record(seconds, runner._flowTag, new("outcome", tag));
                }
            }

            if (_activity is not null)
            {
                var tags = new ActivityTagsCollection
                {
                    ["attempt"] = _attempt,
                    ["outcome"] = tag,
                };
                if (result.Outcome == FlowOutcome.Failed)
                {
                    tags["step"] = result.FailedStep;
                    tags["exception.type"] = result.Exception?.GetType().FullName;
                    tags["exception.message"] = result.Exception?.Message;
                }

                _activity.AddEvent(new ActivityEvent(result.Outcome == FlowOutcome.Failed ? "step.failed" : "attempt.finished", default, tags));
            }

            if (result.Outcome == FlowOutcome.Failed && _attempt < runner.Options.Retry.MaxAttempts)
            {
                if (FlowTelemetry.Retries.Enabled)
                {
                    FlowTelemetry.Retries.Add(1, runner._flowTag, new("step", result.FailedStep));
                }

                Log.AttemptFailed(runner._logger, runner.Definition.Name, _item.ExecutionId, _attempt, runner.Options.Retry.MaxAttempts, result.FailedStep, RedactedFailure.ForLog(result.Exception, _item.Instance));
            }

            return result;
        }
    }

    /// <summary>Completes a task with the final result, for synchronous request/response triggers.</summary>
    private sealed class CompletionObserver : IFlowExecutionObserver
    {
        private readonly TaskCompletionSource<FlowResult<TOut>> _source = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<FlowResult<TOut>> Task => _source.Task;

        public void Complete(FlowResult<TOut> result) => _source.TrySetResult(result);

        public void OnFinished(Guid executionId, FlowOutcome outcome)
        {
        }

        public void OnAbandoned(Guid executionId) =>
            _source.TrySetException(new FlowAbandonedException());
    }
}
