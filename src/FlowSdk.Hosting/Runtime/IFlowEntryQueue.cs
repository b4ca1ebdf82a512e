namespace FlowSdk.Hosting;

/// <summary>
/// The enqueue side of one way into a flow, typed by the payload it takes: the runner itself for the first step's
/// payload, or an entry's queue for a trigger whose payload enters through an <see cref="EntryAttribute"/> method.
/// Get it with <see cref="FlowRunner{TFlow, TIn, TOut}.ForPayload{TPayload}"/>.
/// </summary>
/// <typeparam name="TPayload">The payload a trigger delivers.</typeparam>
/// <typeparam name="TOut">The flow's output type.</typeparam>
public interface IFlowEntryQueue<TPayload, TOut>
{
    /// <summary>What the generator knows about the flow.</summary>
    FlowDefinition Definition { get; }

    /// <summary>The options the flow runs with.</summary>
    FlowOptions Options { get; }

    /// <summary>False once the host started stopping.</summary>
    bool IsAccepting { get; }

    /// <inheritdoc cref="FlowRunner{TFlow, TIn, TOut}.TryEnqueueAsync(FlowInstanceBinding?, TIn, string?, FlowDelivery?, CancellationToken)"/>
    ValueTask<FlowEnqueueResult> TryEnqueueAsync(FlowInstanceBinding? instance, TPayload payload, string? trigger, FlowDelivery? delivery, CancellationToken cancellationToken = default);

    /// <inheritdoc cref="FlowRunner{TFlow, TIn, TOut}.TryEnqueue(FlowInstanceBinding?, TIn, string?, out Guid, out Task{FlowResult{TOut}}?)"/>
    bool TryEnqueue(FlowInstanceBinding? instance, TPayload payload, string? trigger, out Guid executionId, out Task<FlowResult<TOut>>? completion);
}

/// <summary>The typed queues of a runner by payload type, for hosts that hold it untyped.</summary>
internal interface IPayloadQueues
{
    /// <summary>The queue taking <typeparamref name="TPayload"/>, or null when no way into the flow takes it.</summary>
    IFlowQueue<TPayload>? QueueFor<TPayload>();
}
