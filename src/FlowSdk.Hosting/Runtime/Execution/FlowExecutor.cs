using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Polly;

namespace FlowSdk.Hosting;

/// <summary>
/// Runs messages of one consumer loop with its reused <see cref="FlowContext"/>: binds the message's instance, runs the
/// pipeline with the flow's retries, times steps while someone listens, then hands the result to the outcomes. Also the
/// state of a retried execution, so a retry allocates no closure.
/// </summary>
internal sealed class FlowExecutor<TFlow, TIn, TOut>
    where TFlow : class, IFlow<TIn, TOut>
{
    private static readonly Func<ResilienceContext, FlowExecutor<TFlow, TIn, TOut>, ValueTask<Outcome<FlowResult<TOut>>>> s_attempt =
        static (resilience, executor) => executor.AttemptAsync(resilience.CancellationToken);

    private readonly FlowRunner<TFlow, TIn, TOut> _runner;
    private readonly ExecutionOutcomes<TIn, TOut> _outcomes;
    private readonly FlowContext _context;

    // Read on every message; kept here rather than reached through the runner each time.
    private readonly TFlow _flow;
    private readonly ResiliencePipeline<FlowResult<TOut>>? _retry;
    private readonly ILogger _logger;
    private readonly bool _durable;
    // The message's payload and instance, for retries; not the whole message, whose copy into a field (a struct with
    // references) costs as much as a cheap step.
    private TIn _payload = default!;
    private FlowInstanceBinding? _instance;
    private bool _bound;
    private int _attempt;
    private Activity? _activity;
    private StepTelemetryObserver? _steps;
    private bool _timing;
    private StepJournalObserver? _journal;
    private FlowJournalStep[]? _journalSteps;
    private bool _running;
    private bool _observed;
    private long _start;
    private DateTimeOffset _startedAt;

    public FlowExecutor(FlowRunner<TFlow, TIn, TOut> runner, ExecutionOutcomes<TIn, TOut> outcomes)
    {
        _runner = runner;
        _outcomes = outcomes;
        _flow = runner.Flow;
        _retry = runner.Retry;
        _logger = runner.Logger;
        _durable = runner.Queue.IsDurable;
        _context = new FlowContext(runner.Definition.Name);
        Handler = ExecuteAsync;
    }

    /// <summary>This executor as the handler its consumer loop calls (one delegate per consumer, not per message).</summary>
    public MessageHandler<TIn> Handler { get; }

    /// <summary>Whether a message is running on this consumer; the runner's in-flight count adds these up.</summary>
    public bool IsRunning => Volatile.Read(ref _running);

    /// <summary>
    /// Runs one message. A message without retries whose steps complete synchronously and succeed is run and finished
    /// without an async state machine; anything else (a step that awaits, a failure, retries) continues in
    /// <see cref="ExecuteRestAsync"/>.
    /// </summary>
    private ValueTask ExecuteAsync(FlowMessage<TIn> message, CancellationToken abort)
    {
        Begin(message);
        if (_retry is not null)
        {
            return ExecuteRestAsync(message, default, started: false, abort);
        }

        ValueTask<FlowResult<TOut>> attempt;
        try
        {
            BindInstance(message.Instance);
            attempt = RunAttempt(abort);
        }
#pragma warning disable CA1031 // Handled where every other failure of the execution is: in ExecuteRestAsync.
        catch (Exception e)
#pragma warning restore CA1031
        {
            attempt = ValueTask.FromException<FlowResult<TOut>>(e);
        }

        if (attempt.IsCompletedSuccessfully && attempt.Result is { Outcome: not FlowOutcome.Failed } result)
        {
            End(message, result);
            return default;
        }

        return ExecuteRestAsync(message, attempt, started: true, abort);
    }

    /// <summary>
    /// Starts an execution: a span when someone listens, and the start time. Durations are measured only while
    /// something reads them (listeners, duration metrics, the debug log, a span, a store that records the end);
    /// otherwise the start time comes from the coarse clock and no timestamp is taken.
    /// </summary>
    private void Begin(in FlowMessage<TIn> message)
    {
        Volatile.Write(ref _running, true);
        _payload = message.Payload;
        _instance = message.Instance;
        _attempt = 0;
        _journalSteps = null;
        _activity = FlowTelemetry.Source.HasListeners() ? StartActivity(message) : null;
        _observed = Recorded is not null
            || _outcomes.HasListeners
            || _durable
            || FlowTelemetry.ExecutionDuration.Enabled
            || FlowTelemetry.AttemptDuration.Enabled
            || _logger.IsEnabled(LogLevel.Debug);
        _start = _observed ? Stopwatch.GetTimestamp() : 0;
        _startedAt = Now();
        _context.Begin(message.ExecutionId, _startedAt, message.Delivery);
    }

    /// <summary>The execution's span when it records data; null when there is none or it only carries the trace on.</summary>
    private Activity? Recorded => _activity is { IsAllDataRequested: true } activity ? activity : null;

    private DateTimeOffset Now() => _observed ? _runner.Time.GetUtcNow() : _runner.Clock.CoarseUtcNow();

    /// <summary>The rest of an execution that awaits, fails or retries; <paramref name="attempt"/> is the first attempt when <paramref name="started"/>.</summary>
    private async ValueTask ExecuteRestAsync(FlowMessage<TIn> message, ValueTask<FlowResult<TOut>> attempt, bool started, CancellationToken abort)
    {
        var flowName = _runner.Definition.Name;
        FlowResult<TOut> result;
        try
        {
            if (started)
            {
                result = await attempt.ConfigureAwait(false);
            }
            else
            {
                BindInstance(message.Instance);
                var resilience = ResilienceContextPool.Shared.Get(abort);
                try
                {
                    var outcome = await _retry!.ExecuteOutcomeAsync(s_attempt, resilience, this).ConfigureAwait(false);
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
            // Shutdown timeout: the execution was cancelled; its queue decides what becomes of the message.
            _activity?.SetStatus(ActivityStatusCode.Error, "cancelled at shutdown");
            var attempts = _attempt;
            Leave();
            await _runner.Queue.AbandonAsync(message, attempts).ConfigureAwait(false);
            return;
        }
#pragma warning disable CA1031 // Anything thrown outside the steps fails this message only; the loop goes on.
        catch (Exception crash)
#pragma warning restore CA1031
        {
            Log.ExecutionCrashed(_runner.Logger, flowName, message.ExecutionId, RedactedFailure.ForLog(crash, message.Instance)!);
            result = FlowResult<TOut>.Failed(string.Empty, crash);
        }

        if (result.Outcome == FlowOutcome.Failed)
        {
            await _outcomes.DeadLetterAsync(message, result.FailedStep, result.Exception ?? new InvalidOperationException("The flow failed."), Math.Max(_attempt, 1)).ConfigureAwait(false);
        }

        End(message, result);
    }

    /// <summary>Ends an execution whose dead letter, if any, is written: span, metrics, log, then the outcomes in order.</summary>
    private void End(in FlowMessage<TIn> message, FlowResult<TOut> result)
    {
        var tag = FlowTelemetry.OutcomeTag(result.Outcome);
        if (Recorded is { } span)
        {
            span.SetTag("flow.outcome", tag);
            span.SetTag("flow.attempts", FlowTelemetry.AttemptsTag(_attempt));
            if (result.Outcome == FlowOutcome.Failed)
            {
                span.SetStatus(ActivityStatusCode.Error, result.FailedStep);
            }
        }

        var elapsed = _observed ? Stopwatch.GetElapsedTime(_start) : TimeSpan.Zero;
        if (FlowTelemetry.Executions.Enabled)
        {
            FlowTelemetry.Executions.Add(1, _runner.FlowTag, new("outcome", tag));
        }

        if (FlowTelemetry.ExecutionDuration.Enabled)
        {
            FlowTelemetry.ExecutionDuration.Record(elapsed.TotalSeconds, _runner.FlowTag, new("outcome", tag));
        }

        // The span ends and the execution leaves the in-flight count before anyone is told it finished.
        var attemptCount = Math.Max(_attempt, 1);
        var endedAt = _observed ? _runner.Clock.EndedAt(_startedAt, elapsed) : _startedAt;
        Leave();
        Log.ExecutionFinished(_logger, _runner.Definition.Name, message.ExecutionId, tag, elapsed.TotalMilliseconds);
        if (!_observed && message.Observer is null)
        {
            return; // no listener, no store and no caller: no one to hand a report to
        }

        var report = new FlowExecutionReport(_runner.Definition.Name, message.InstanceId, message.ExecutionId, result.Outcome, result.FailedStep, result.Exception, attemptCount, elapsed, _startedAt, endedAt, message.Trigger, message.Instance)
        {
            Delivery = message.Delivery,
            Steps = _journalSteps,
        };
        _outcomes.Finish(message, result, report);
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

    private void Leave()
    {
        _activity?.Dispose();
        _activity = null;
        _payload = default!;
        _instance = null;
        Volatile.Write(ref _running, false);
    }

    private Activity? StartActivity(in FlowMessage<TIn> message)
    {
        // A span a sampler dropped may still be created to carry the trace on (propagation only): it gets no tags.
        var activity = FlowTelemetry.Source.StartActivity(FlowTelemetry.ExecutionActivityName, ActivityKind.Consumer, message.Parent);
        if (activity is { IsAllDataRequested: true })
        {
            activity.DisplayName = _runner.Definition.Name;
            activity.SetTag("flow.name", _runner.Definition.Name);
            activity.SetTag("flow.execution_id", message.ExecutionId.ToString());
            activity.SetTag("flow.instance_id", message.InstanceId);
            if (message.Delivery > 1)
            {
                activity.SetTag("flow.delivery", message.Delivery);
            }
        }

        return activity;
    }

    /// <summary>One run of the pipeline as the retry pipeline calls it.</summary>
    private ValueTask<Outcome<FlowResult<TOut>>> AttemptAsync(CancellationToken cancellationToken)
    {
        var run = RunAttempt(cancellationToken);
        return run.IsCompletedSuccessfully ? new(Outcome.FromResult(run.Result)) : AwaitOutcomeAsync(run);
    }

    private static async ValueTask<Outcome<FlowResult<TOut>>> AwaitOutcomeAsync(ValueTask<FlowResult<TOut>> run) =>
        Outcome.FromResult(await run.ConfigureAwait(false));

    /// <summary>One run of the pipeline; synchronous flows complete without suspending.</summary>
    private ValueTask<FlowResult<TOut>> RunAttempt(CancellationToken cancellationToken)
    {
        _attempt++;
        if (_attempt > 1)
        {
            _context.Begin(_context.ExecutionId, Now(), _context.Delivery);
        }

        // Steps are timed only when the flow asks for step telemetry and a span or the step histogram is listened to,
        // and journaled only for instance executions (the history that keeps journals is per instance); otherwise no
        // observer is set.
        _timing = _runner.Options.StepTelemetry && StepTelemetryObserver.IsListening(Recorded);
        if (_timing)
        {
            _steps ??= new StepTelemetryObserver(_runner.Definition);
            _steps.Begin(Recorded);
        }

        var mode = _runner.Options.Journal;
        if (mode != FlowJournalMode.Off && _instance is not null)
        {
            _journal ??= new StepJournalObserver(_runner.Definition, mode == FlowJournalMode.StepsAndPayloads ? _runner.JournalJson : null, _runner.Options.JournalPayloadLimit);
            _journal.Begin(_context.StartedAt, _timing ? _steps : null);
            _context.StepObserver = _journal;
        }
        else if (_timing || _context.StepObserver is not null)
        {
            _context.StepObserver = _timing ? _steps : null;
        }

        var attemptStart = !FlowTelemetry.AttemptDuration.Enabled ? 0 : _attempt == 1 ? _start : Stopwatch.GetTimestamp();
        var pending = _flow.RunAsync(_payload, _context, cancellationToken);
        return pending.IsCompletedSuccessfully ? new(AttemptDone(pending.Result, attemptStart)) : AwaitAttemptAsync(pending, attemptStart);
    }

    private async ValueTask<FlowResult<TOut>> AwaitAttemptAsync(ValueTask<FlowResult<TOut>> pending, long attemptStart) =>
        AttemptDone(await pending.ConfigureAwait(false), attemptStart);

    private FlowResult<TOut> AttemptDone(FlowResult<TOut> result, long attemptStart)
    {
        if (_timing)
        {
            _steps!.EndStep();
        }

        if (ReferenceEquals(_context.StepObserver, _journal) && _journal is not null)
        {
            _journalSteps = _journal.Snapshot(result);
        }

        var tag = FlowTelemetry.OutcomeTag(result.Outcome);
        if (FlowTelemetry.AttemptDuration.Enabled)
        {
            var seconds = Stopwatch.GetElapsedTime(attemptStart).TotalSeconds;
            if (result.Outcome == FlowOutcome.Failed)
            {
                FlowTelemetry.AttemptDuration.Record(seconds, _runner.FlowTag, new("outcome", tag), new("step", result.FailedStep));
            }
            else
            {
                FlowTelemetry.AttemptDuration.Record(seconds, _runner.FlowTag, new("outcome", tag));
            }
        }

        // A first attempt that completed or was filtered says nothing the span's own tags do not (flow.outcome,
        // flow.attempts): an event marks only failures and the attempts after them.
        if (Recorded is { } span && (_attempt > 1 || result.Outcome == FlowOutcome.Failed))
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
                tags["exception.message"] = RedactedFailure.Text(result.Exception?.Message, _instance);
            }

            span.AddEvent(new ActivityEvent(result.Outcome == FlowOutcome.Failed ? "step.failed" : "attempt.finished", default, tags));
        }

        var maxAttempts = _runner.Options.Retry.MaxAttempts;
        if (result.Outcome == FlowOutcome.Failed && _attempt < maxAttempts)
        {
            if (FlowTelemetry.Retries.Enabled)
            {
                FlowTelemetry.Retries.Add(1, _runner.FlowTag, new("step", result.FailedStep));
            }

            Log.AttemptFailed(_runner.Logger, _runner.Definition.Name, _context.ExecutionId, _attempt, maxAttempts, result.FailedStep, RedactedFailure.ForLog(result.Exception, _instance));
        }

        return result;
    }
}
