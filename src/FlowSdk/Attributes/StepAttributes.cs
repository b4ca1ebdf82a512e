namespace FlowSdk;

/// <summary>
/// A transform or side-effect step. Returning <c>T</c>, <c>ValueTask&lt;T&gt;</c> or <c>Task&lt;T&gt;</c> replaces the
/// payload; returning <c>void</c>, <c>ValueTask</c> or <c>Task</c> passes the payload on unchanged.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false, AllowMultiple = false)]
public sealed class StepAttribute : Attribute
{
}

/// <summary>
/// A filter step returning <c>bool</c>, <c>ValueTask&lt;bool&gt;</c> or <c>Task&lt;bool&gt;</c>; <c>false</c> stops the
/// execution with <see cref="FlowOutcome.Filtered"/>. The payload passes on unchanged.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false, AllowMultiple = false)]
public sealed class FilterAttribute : Attribute
{
}

/// <summary>
/// A split step returning <c>IEnumerable&lt;T&gt;</c> or <c>IAsyncEnumerable&lt;T&gt;</c>; every item runs through the
/// remaining steps, in order.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false, AllowMultiple = false)]
public sealed class SplitAttribute : Attribute
{
}

/// <summary>
/// The way into a flow for a trigger whose payload is not the first step's: the trigger names it with
/// <see cref="TriggerAttribute.Entry"/>. Its first parameter takes the trigger's payload (optionally followed by
/// <see cref="FlowContext"/>, <see cref="System.Threading.CancellationToken"/> and the flow's configuration type); it
/// returns the first step's payload as <c>T</c>, <c>ValueTask&lt;T&gt;</c> or <c>Task&lt;T&gt;</c>, or several as
/// <c>IEnumerable&lt;T&gt;</c> or <c>IAsyncEnumerable&lt;T&gt;</c>, each of which then runs through every step.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false, AllowMultiple = false)]
public sealed class EntryAttribute : Attribute
{
}
