namespace FlowSdk;

/// <summary>
/// Implemented by the generator on every valid flow class: the strongly typed pipeline a host runs.
/// </summary>
/// <typeparam name="TIn">The first step's payload type.</typeparam>
/// <typeparam name="TOut">The payload type after the last step.</typeparam>
public interface IFlow<TIn, TOut>
{
    /// <summary>Runs every step for <paramref name="payload"/> with a caller-owned <paramref name="context"/>.</summary>
    ValueTask<FlowResult<TOut>> RunAsync(TIn payload, FlowContext context, CancellationToken cancellationToken = default);
}
