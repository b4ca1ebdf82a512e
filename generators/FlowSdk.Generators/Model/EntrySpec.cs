namespace FlowSdk.Generators.Model;

/// <summary>An <c>[Entry]</c> method some trigger names: how a trigger's payload becomes the first step's.</summary>
/// <param name="Name">The method name.</param>
/// <param name="Return">Value, ValueTaskOf, TaskOf, Enumerable or AsyncEnumerable of the first step's payload.</param>
/// <param name="PayloadIn">The payload it takes: the trigger's.</param>
internal sealed record EntrySpec(
    string Name,
    ReturnKind Return,
    TypeRef ReturnType,
    ImmutableEquatableArray<ArgumentSpec> Arguments,
    bool IsStatic,
    TypeRef PayloadIn);
