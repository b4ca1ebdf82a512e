namespace FlowSdk;

/// <summary>
/// A flow registered with dependency injection by the generated <c>AddFlows()</c>. Hosts enumerate the registrations and
/// get back to the flow's static types through <see cref="Accept{TResult}(IFlowRegistrationVisitor{TResult})"/>, so no
/// reflection is needed to run it.
/// </summary>
public abstract class FlowRegistration
{
    private protected FlowRegistration(FlowDefinition definition) => Definition = definition;

    /// <summary>What the generator knows about the flow.</summary>
    public FlowDefinition Definition { get; }

    /// <summary>Calls <paramref name="visitor"/> with the flow's static types.</summary>
    public abstract TResult Accept<TResult>(IFlowRegistrationVisitor<TResult> visitor);
}

/// <summary>The registration of flow <typeparamref name="TFlow"/>.</summary>
/// <typeparam name="TFlow">The flow class.</typeparam>
/// <typeparam name="TIn">The first step's payload type.</typeparam>
/// <typeparam name="TOut">The payload type after the last step.</typeparam>
public sealed class FlowRegistration<TFlow, TIn, TOut> : FlowRegistration
    where TFlow : class, IFlow<TIn, TOut>
{
    /// <summary>Creates the registration.</summary>
    public FlowRegistration(FlowDefinition definition)
        : this(definition, [])
    {
    }

    /// <summary>Creates the registration of a flow whose triggers deliver several payloads.</summary>
    /// <param name="definition">What the generator knows about the flow.</param>
    /// <param name="entries">How each payload the flow takes becomes a <typeparamref name="TIn"/> message.</param>
    public FlowRegistration(FlowDefinition definition, IReadOnlyList<FlowEntry<TIn>> entries)
        : base(definition)
    {
        ArgumentNullException.ThrowIfNull(entries);
        Entries = entries;
    }

    /// <summary>
    /// How each payload the flow takes becomes a <typeparamref name="TIn"/> message; empty when the flow takes only
    /// <typeparamref name="TIn"/> (its first step's payload).
    /// </summary>
    public IReadOnlyList<FlowEntry<TIn>> Entries { get; }

    /// <inheritdoc/>
    public override TResult Accept<TResult>(IFlowRegistrationVisitor<TResult> visitor) => visitor.Visit(this);
}

/// <summary>Receives a <see cref="FlowRegistration"/> with its static types.</summary>
/// <typeparam name="TResult">What the visit returns.</typeparam>
public interface IFlowRegistrationVisitor<out TResult>
{
    /// <summary>Visits the registration of <typeparamref name="TFlow"/>.</summary>
    TResult Visit<TFlow, TIn, TOut>(FlowRegistration<TFlow, TIn, TOut> registration)
        where TFlow : class, IFlow<TIn, TOut>;
}
