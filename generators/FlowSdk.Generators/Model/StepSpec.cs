namespace FlowSdk.Generators.Model;

/// <summary>One step of a flow, with everything needed to call it and carry its payload on.</summary>
/// <remarks>
/// For a step with <c>[Retry]</c>, <see cref="Return"/> and <see cref="ReturnType"/> describe the <c>ValueTask</c> the
/// retry pipeline returns, <see cref="DeclaredReturn"/> the method's own return shape, and <see cref="Retry"/> the
/// attribute's values.
/// </remarks>
internal sealed record StepSpec(
    string Name,
    StepKind Kind,
    ReturnKind Return,
    TypeRef ReturnType,
    ImmutableEquatableArray<ArgumentSpec> Arguments,
    bool IsStatic,
    TypeRef PayloadIn,
    TypeRef PayloadOut,
    ReturnKind DeclaredReturn,
    RetrySpec? Retry = null)
{
    /// <summary>Whether the step may complete asynchronously (returns a task or an async stream).</summary>
    public bool CanBeAsync => Return is not (ReturnKind.Value or ReturnKind.Void or ReturnKind.Enumerable);

    /// <summary>Whether the step's result replaces the payload.</summary>
    public bool ProducesPayload => Kind == StepKind.Split || (Kind == StepKind.Step && Return is ReturnKind.Value or ReturnKind.ValueTaskOf or ReturnKind.TaskOf);
}

/// <summary>The attribute that made a method a step.</summary>
internal enum StepKind
{
    Step,
    Filter,
    Split,
}

/// <summary>The shape of a step's return type.</summary>
internal enum ReturnKind
{
    /// <summary>A plain value (a filter's bool included).</summary>
    Value,
    Void,
    ValueTask,
    ValueTaskOf,
    Task,
    TaskOf,
    Enumerable,
    AsyncEnumerable,
}
