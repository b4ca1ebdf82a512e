using System.Diagnostics;

namespace FlowSdk.Hosting;

/// <summary>
/// Entries: a flow whose triggers deliver several payloads runs generated <c>FlowInput</c> messages; each payload type
/// gets a queue here that wraps it (a static lambda, no allocation) and enqueues through the runner.
/// </summary>
public sealed partial class FlowRunner<TFlow, TIn, TOut> : IPayloadQueues, IFlowEntryQueue<TIn, TOut>
{
    private Dictionary<Type, object> _byPayload = [];

    /// <summary>
    /// The enqueue side for <typeparamref name="TPayload"/>: this runner for the queue's own message type, the entry
    /// taking it otherwise; null when no way into the flow takes it.
    /// </summary>
    /// <typeparam name="TPayload">A payload a trigger of the flow delivers.</typeparam>
    public IFlowEntryQueue<TPayload, TOut>? ForPayload<TPayload>() => ByPayload<TPayload>() as IFlowEntryQueue<TPayload, TOut>;

    IFlowQueue<TPayload>? IPayloadQueues.QueueFor<TPayload>() => ByPayload<TPayload>() as IFlowQueue<TPayload>;

    /// <summary>This runner when it takes <typeparamref name="TPayload"/> itself, else the entry queue taking it, else null.</summary>
    private object? ByPayload<TPayload>() => typeof(TPayload) == typeof(TIn) ? this : _byPayload.GetValueOrDefault(typeof(TPayload));

    private void AddEntries(IReadOnlyList<FlowEntry<TIn>> entries)
    {
        var factory = new EntryFactory(this);
        _byPayload = entries.ToDictionary(e => e.PayloadType, e => e.Accept(factory));
    }

    private sealed class EntryFactory(FlowRunner<TFlow, TIn, TOut> runner) : IFlowEntryVisitor<TIn, object>
    {
        public object Visit<TPayload>(FlowEntry<TPayload, TIn> entry) => new EntryQueue<TPayload>(runner, entry.Wrap);
    }

    /// <summary>One payload type's way in: wraps the payload and hands it to the runner.</summary>
    private sealed class EntryQueue<TPayload>(FlowRunner<TFlow, TIn, TOut> runner, Func<TPayload, TIn> wrap)
        : IFlowQueue<TPayload>, IFlowQueueWriter<TPayload>, IFlowEntryQueue<TPayload, TOut>
    {
        public FlowDefinition Definition => runner.Definition;

        public FlowOptions Options => runner.Options;

        public bool IsAccepting => runner.IsAccepting;

        public string FlowName => runner.Definition.Name;

        public bool IsDurable => runner.IsDurable;

        public bool HasTrigger<TTrigger>()
            where TTrigger : TriggerAttribute => ((IFlowQueue<TIn>)runner).HasTrigger<TTrigger>();

        public ValueTask<FlowEnqueueResult> TryEnqueueAsync(FlowInstanceBinding? instance, TPayload payload, string? trigger, FlowDelivery? delivery, CancellationToken cancellationToken = default) =>
            runner.TryEnqueueAsync(instance, wrap(payload), trigger, delivery, cancellationToken);

        public bool TryEnqueue(FlowInstanceBinding? instance, TPayload payload, string? trigger, out Guid executionId, out Task<FlowResult<TOut>>? completion) =>
            runner.TryEnqueue(instance, wrap(payload), trigger, out executionId, out completion);

        public bool TryEnqueue(FlowInstanceBinding? instance, TPayload payload, string? trigger, out Guid executionId) =>
            runner.TryEnqueue(instance, wrap(payload), trigger, out executionId);

        public ValueTask<Guid> EnqueueAsync(FlowInstanceBinding? instance, TPayload payload, string? trigger, CancellationToken cancellationToken = default) =>
            runner.EnqueueAsync(instance, wrap(payload), trigger, cancellationToken);

        public bool TryEnqueue(TPayload payload, FlowInstanceBinding? instance, string? trigger, IFlowExecutionObserver? observer, ActivityContext parent, out Guid executionId) =>
            runner.TryEnqueue(wrap(payload), instance, trigger, observer, parent, out executionId);

        public ValueTask<Guid> EnqueueAsync(TPayload payload, FlowInstanceBinding? instance, string? trigger, CancellationToken cancellationToken) =>
            runner.EnqueueAsync(instance, wrap(payload), trigger, cancellationToken);

        public Task<DateTimeOffset?> LastOccurrenceToCatchUpAsync(FlowInstanceBinding? instance) =>
            ((IFlowQueue<TIn>)runner).LastOccurrenceToCatchUpAsync(instance);

        public ValueTask<(FlowEnqueueStatus Status, MessageAcceptance Acceptance, Guid ExecutionId)> OfferOccurrenceAsync(TPayload payload, FlowInstanceBinding? instance, DateTimeOffset scheduledAt, bool allowOverlap, IFlowExecutionObserver? observer) =>
            runner.OfferOccurrenceAsync(wrap(payload), instance, scheduledAt, allowOverlap, observer);
    }
}
