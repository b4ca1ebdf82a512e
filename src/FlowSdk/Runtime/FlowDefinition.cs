namespace FlowSdk;

/// <summary>
/// What the generator knows about a flow, for hosts: its name, payload types, steps and the attributes that configure
/// it. Emitted once per flow as a static value; hosts read it, never the attributes through reflection.
/// </summary>
public sealed class FlowDefinition
{
    /// <summary>Creates a definition.</summary>
    public FlowDefinition(
        FlowAttribute flow,
        Type flowType,
        Type payloadType,
        Type outputType,
        IReadOnlyList<FlowStepDefinition> steps,
        IReadOnlyList<TriggerAttribute> triggers,
        RetryAttribute? retry = null,
        IReadOnlyList<FlowDeclarationAttribute>? declarations = null,
        IReadOnlyList<FlowEntryDefinition>? entries = null)
    {
        Flow = flow;
        FlowType = flowType;
        PayloadType = payloadType;
        OutputType = outputType;
        Steps = steps;
        Triggers = triggers;
        Retry = retry;
        Declarations = declarations ?? [];
        Entries = entries ?? [];
    }

    /// <summary>The flow's stable name.</summary>
    public string Name => Flow.Name;

    /// <summary>The <see cref="FlowAttribute"/> as declared (capacity, concurrency).</summary>
    public FlowAttribute Flow { get; }

    /// <summary>The per-instance configuration type declared with <see cref="FlowAttribute.Configuration"/>, or null.</summary>
    public Type? ConfigurationType => Flow.Configuration;

    /// <summary>The flow class.</summary>
    public Type FlowType { get; }

    /// <summary>The first step's payload type.</summary>
    public Type PayloadType { get; }

    /// <summary>The payload type after the last step.</summary>
    public Type OutputType { get; }

    /// <summary>The steps in run order, then the <see cref="EntryAttribute"/> methods (kind <see cref="FlowStepKind.Entry"/>).</summary>
    public IReadOnlyList<FlowStepDefinition> Steps { get; }

    /// <summary>The entries its triggers use (<see cref="TriggerAttribute.Entry"/>); empty when every trigger feeds the first step.</summary>
    public IReadOnlyList<FlowEntryDefinition> Entries { get; }

    /// <summary>The trigger attributes as declared.</summary>
    public IReadOnlyList<TriggerAttribute> Triggers { get; }

    /// <summary>The payload type <paramref name="trigger"/> delivers: its entry's, or the first step's.</summary>
    /// <exception cref="InvalidOperationException">The trigger names an entry this flow does not have.</exception>
    public Type PayloadTypeOf(TriggerAttribute trigger)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        if (trigger.Entry is null)
        {
            return PayloadType;
        }

        foreach (var entry in Entries)
        {
            if (entry.Name == trigger.Entry)
            {
                return entry.PayloadType;
            }
        }

        throw new InvalidOperationException($"Flow '{Name}' has no entry '{trigger.Entry}'.");
    }

    /// <summary>The declared retry policy, or null.</summary>
    public RetryAttribute? Retry { get; }

    /// <summary>What the flow declares it needs from each instance (<see cref="FlowDeclarationAttribute"/>s), as written.</summary>
    public IReadOnlyList<FlowDeclarationAttribute> Declarations { get; }
}

/// <summary>One step of a <see cref="FlowDefinition"/>.</summary>
/// <param name="Name">The step's method name.</param>
/// <param name="Kind">Transform/side effect, filter or split.</param>
public sealed record FlowStepDefinition(string Name, FlowStepKind Kind);

/// <summary>An entry of a <see cref="FlowDefinition"/>: an <see cref="EntryAttribute"/> method a trigger names.</summary>
/// <param name="Name">The entry's method name.</param>
/// <param name="PayloadType">The payload it takes: the trigger's.</param>
public sealed record FlowEntryDefinition(string Name, Type PayloadType);

/// <summary>The kind of a step.</summary>
public enum FlowStepKind
{
    /// <summary>A <see cref="StepAttribute"/> step.</summary>
    Step,

    /// <summary>A <see cref="FilterAttribute"/> step.</summary>
    Filter,

    /// <summary>A <see cref="SplitAttribute"/> step.</summary>
    Split,

    /// <summary>An <see cref="EntryAttribute"/> method: runs before the first step for the triggers that name it.</summary>
    Entry,
}
