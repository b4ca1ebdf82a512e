using System.Diagnostics;

namespace FlowSdk.Hosting;

/// <summary>
/// The host of one flow: its bounded queue and the consumer loops that run its pipeline. Every trigger of the flow
/// (channel publisher, schedule, webhook) enqueues into the same queue.
/// </summary>
public interface IFlowRunner
{
    /// <summary>What the generator knows about the flow.</summary>
    FlowDefinition Definition { get; }

    /// <summary>The options the flow runs with (attributes, then configuration, then code).</summary>
    FlowOptions Options { get; }

    /// <summary>Messages waiting in the queue.</summary>
    int QueueDepth { get; }

    /// <summary>Executions running right now.</summary>
    int InFlight { get; }

    /// <summary>False once the host started stopping: triggers are refused from then on.</summary>
    bool IsAccepting { get; }
}

/// <summary>Receives the final result of an execution enqueued with an observer (inside FlowSdk hosts).</summary>
internal interface IFlowExecutionObserver
{
    void OnFinished(Guid executionId, FlowOutcome outcome);

    void OnAbandoned(Guid executionId);
}

/// <summary>The typed enqueue side of a runner, for publishers and triggers.</summary>
internal interface IFlowQueue<TIn>
{
    string FlowName { get; }

    bool IsDurable { get; }

    bool HasTrigger<TTrigger>()
        where TTrigger : TriggerAttribute;

    bool TryEnqueue(TIn payload, FlowInstanceBinding? instance, string? trigger, IFlowExecutionObserver? observer, ActivityContext parent, out Guid executionId);

    ValueTask<Guid> EnqueueAsync(TIn payload, FlowInstanceBinding? instance, string? trigger, CancellationToken cancellationToken);

    /// <summary>The latest occurrence stored for the instance's schedule, when missed ones are to be caught up; else null.</summary>
    Task<DateTimeOffset?> LastOccurrenceToCatchUpAsync(FlowInstanceBinding? instance);

    ValueTask<(FlowEnqueueStatus Status, MessageAcceptance Acceptance, Guid ExecutionId)> OfferOccurrenceAsync(TIn payload, FlowInstanceBinding? instance, DateTimeOffset scheduledAt, bool allowOverlap, IFlowExecutionObserver? observer);
}
