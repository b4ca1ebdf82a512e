namespace FlowSdk;

/// <summary>
/// One way into a flow whose triggers deliver different payloads: how a trigger's payload becomes the message the
/// flow's queue carries. The generator emits one per payload the flow takes; hosts reach the payload type through
/// <see cref="Accept{TResult}(IFlowEntryVisitor{TMessage, TResult})"/>, without reflection.
/// </summary>
/// <typeparam name="TMessage">The message the flow's queue carries (the generated <c>FlowInput</c>).</typeparam>
public abstract class FlowEntry<TMessage>
{
    private protected FlowEntry(string? name) => Name = name;

    /// <summary>The entry method's name; null for the first step's own payload.</summary>
    public string? Name { get; }

    /// <summary>The payload this entry takes.</summary>
    public abstract Type PayloadType { get; }

    /// <summary>Calls <paramref name="visitor"/> with the entry's payload type.</summary>
    public abstract TResult Accept<TResult>(IFlowEntryVisitor<TMessage, TResult> visitor);
}

/// <summary>The entry for payload <typeparamref name="TPayload"/>.</summary>
/// <typeparam name="TPayload">The payload a trigger delivers.</typeparam>
/// <typeparam name="TMessage">The message the flow's queue carries.</typeparam>
public sealed class FlowEntry<TPayload, TMessage> : FlowEntry<TMessage>
{
    /// <summary>Creates the entry.</summary>
    /// <param name="name">The entry method's name; null for the first step's own payload.</param>
    /// <param name="wrap">Makes the queue's message from a payload (a static lambda: no allocation per call).</param>
    public FlowEntry(string? name, Func<TPayload, TMessage> wrap)
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(wrap);
        Wrap = wrap;
    }

    /// <summary>Makes the queue's message from a payload.</summary>
    public Func<TPayload, TMessage> Wrap { get; }

    /// <inheritdoc/>
    public override Type PayloadType => typeof(TPayload);

    /// <inheritdoc/>
    public override TResult Accept<TResult>(IFlowEntryVisitor<TMessage, TResult> visitor)
    {
        ArgumentNullException.ThrowIfNull(visitor);
        return visitor.Visit(this);
    }
}

/// <summary>Receives a <see cref="FlowEntry{TMessage}"/> with its payload type.</summary>
/// <typeparam name="TMessage">The message the flow's queue carries.</typeparam>
/// <typeparam name="TResult">What the visit returns.</typeparam>
public interface IFlowEntryVisitor<TMessage, out TResult>
{
    /// <summary>Visits the entry for <typeparamref name="TPayload"/>.</summary>
    TResult Visit<TPayload>(FlowEntry<TPayload, TMessage> entry);
}
