namespace FlowSdk.Generators.Model;

/// <summary>A valid flow, as the emitter needs it: facts only, the emitter decides the C# that spells them.</summary>
/// <remarks><see cref="ConfigurationHasDataAnnotations"/>: the configuration type carries validation attributes, so its registration validates them.</remarks>
internal sealed record FlowSpec(
    string? Namespace,
    ImmutableEquatableArray<ContainingTypeSpec> ContainingTypes,
    string ClassName,
    string FullyQualifiedName,
    string HintName,
    FlowOptionsSpec Options,
    TypeRef PayloadType,
    TypeRef OutputType,
    ImmutableEquatableArray<StepSpec> Steps,
    ImmutableEquatableArray<TriggerSpec> Triggers,
    RetrySpec? Retry,
    bool UsesContext,
    bool IsRegistrable,
    bool ConfigurationHasDataAnnotations = false,
    ImmutableEquatableArray<DeclarationSpec>? Declarations = null,
    ImmutableEquatableArray<EntrySpec>? Entries = null)
{
    /// <summary>The flow's stable name.</summary>
    public string FlowName => Options.Name;

    /// <summary>Whether some trigger enters through an entry, so the flow's queue carries the generated <c>FlowInput</c>.</summary>
    public bool HasEntries => Entries is { Count: > 0 };

    /// <summary>The declared per-instance configuration type, or null.</summary>
    public TypeRef? ConfigurationType => Options.Configuration;
}
