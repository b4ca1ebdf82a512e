namespace FlowSdk;

/// <summary>
/// Marks a flow whose first step takes <typeparamref name="TIn"/>, so APIs can be constrained to a flow's payload
/// type at compile time (a publisher of the wrong payload type does not compile).
/// </summary>
/// <typeparam name="TIn">The first step's payload type.</typeparam>
#pragma warning disable CA1040 // A marker used only in generic constraints.
public interface IFlowInput<TIn>
#pragma warning restore CA1040
{
}

/// <summary>
/// Implemented by the generator on every valid flow class: the strongly typed pipeline a host runs.
/// </summary>
/// <typeparam name="TIn">The first step's payload type.</typeparam>
/// <typeparam name="TOut">The payload type after the last step.</typeparam>
public interface IFlow<TIn, TOut> : IFlowInput<TIn>
{
    /// <summary>Runs every step for <paramref name="payload"/> with a caller-owned <paramref name="context"/>.</summary>
    ValueTask<FlowResult<TOut>> RunAsync(TIn payload, FlowContext context, CancellationToken cancellationToken = default);
}
