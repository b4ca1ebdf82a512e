using Microsoft.Extensions.Logging;

namespace FlowSdk.Hosting;

/// <summary>
/// What happens once an execution ended, in a fixed order: a failed message goes to the dead-letter sink (written by
/// the executor while the execution's span is open, through <see cref="DeadLetterAsync"/>); the queue
/// records the outcome (a durable queue removes the stored message, fenced by its claim); a caller waiting for the
/// result gets it; the trigger that enqueued the message (a schedule's overlap guard) learns it finished; then the
/// listeners (history, metrics exporters) get the one report. A durable queue tells the listeners only once the outcome
/// is stored, so history never shows an outcome a stale node was not allowed to record.
/// </summary>
internal sealed class ExecutionOutcomes<TIn, TOut>(FlowDefinition definition, IFlowDeadLetterSink deadLetters, IFlowExecutionListener[] listeners, TimeProvider time, ILogger logger)
    : IOutcomeReporter<TIn>
{
    private readonly KeyValuePair<string, object?> _flowTag = new("flow", definition.Name);

    /// <summary>Set once the runner chose its queue.</summary>
    public MessageQueue<TIn> Queue { get; set; } = null!;

    public bool HasListeners => listeners.Length != 0;

    /// <summary>The steps after the dead letter (which the executor writes while the execution's span is still open).</summary>
    public void Finish(in FlowMessage<TIn> message, FlowResult<TOut> result, in FlowExecutionReport report)
    {
        var told = Queue.Record(message, report);
        if (message.Observer is CompletionObserver<TOut> caller)
        {
            caller.Complete(result);
        }
        else
        {
            message.Observer?.OnFinished(message.ExecutionId, result.Outcome);
        }

        if (!told)
        {
            TellListeners(report);
        }
    }

    public async ValueTask DeadLetterAsync(FlowMessage<TIn> message, string? step, Exception exception, int attempts, ReadOnlyMemory<byte> storedPayload = default)
    {
        if (FlowTelemetry.DeadLetters.Enabled)
        {
            FlowTelemetry.DeadLetters.Add(1, _flowTag, new("step", step));
        }

        Log.DeadLettered(logger, definition.Name, message.ExecutionId, step, attempts, RedactedFailure.ForLog(exception, message.Instance));
        try
        {
            await deadLetters.WriteAsync(
                new FlowDeadLetter(definition.Name, message.InstanceId, message.ExecutionId, step, exception, storedPayload.IsEmpty ? message.Payload : null, attempts, time.GetUtcNow())
                {
                    Trigger = message.Trigger,
                    StoredPayload = storedPayload,
                },
                CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A failing sink is logged; it must never stop the flow.
        catch (Exception sinkFailure)
#pragma warning restore CA1031
        {
            Log.DeadLetterSinkFailed(logger, definition.Name, message.ExecutionId, sinkFailure);
        }
    }

    public void TellListeners(in FlowExecutionReport report)
    {
        foreach (var listener in listeners)
        {
            try
            {
                listener.OnExecutionFinished(report);
            }
#pragma warning disable CA1031 // A failing listener is logged; it never stops the flow.
            catch (Exception e)
#pragma warning restore CA1031
            {
                Log.ListenerFailed(logger, definition.Name, report.ExecutionId, e);
            }
        }
    }
}
