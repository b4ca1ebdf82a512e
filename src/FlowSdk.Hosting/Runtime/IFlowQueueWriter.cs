namespace FlowSdk.Hosting;

/// <summary>
/// The typed enqueue side of a flow's runner, for code that feeds a flow by name without knowing its output type
/// (instance publishers, replays). Every <see cref="FlowRunner{TFlow, TIn, TOut}"/> implements it; get it with
/// <see cref="FlowRuntime.GetQueueWriter{TIn}(string)"/>.
/// </summary>
/// <typeparam name="TIn">The flow's first-step payload type.</typeparam>
public interface IFlowQueueWriter<in TIn>
{
    /// <summary>The flow's name.</summary>
    string FlowName { get; }

    /// <inheritdoc cref="FlowRunner{TFlow, TIn, TOut}.TryEnqueue(FlowInstanceBinding?, TIn, string?, out Guid)"/>
    bool TryEnqueue(FlowInstanceBinding? instance, TIn payload, string? trigger, out Guid executionId);

    /// <inheritdoc cref="FlowRunner{TFlow, TIn, TOut}.EnqueueAsync(FlowInstanceBinding?, TIn, string?, CancellationToken)"/>
    ValueTask<Guid> EnqueueAsync(FlowInstanceBinding? instance, TIn payload, string? trigger, CancellationToken cancellationToken = default);
}
