namespace FlowSdk.Generators.Model;

/// <summary>A valid flow, as the emitter needs it.</summary>
/// <remarks><see cref="ConfigurationHasDataAnnotations"/>: the configuration type carries validation attributes, so its registration validates them.</remarks>
internal sealed record FlowSpec(
    string? Namespace,
    ImmutableEquatableArray<ContainingTypeSpec> ContainingTypes,
    string ClassName,
    string FullyQualifiedName,
    string HintName,
    string FlowName,
    TypeRef PayloadType,
    TypeRef OutputType,
    ImmutableEquatableArray<StepSpec> Steps,
    string FlowAttribute,
    ImmutableEquatableArray<string> Triggers,
    string? Retry,
    bool UsesContext,
    bool IsRegistrable,
    TypeRef? ConfigurationType = null,
    bool ConfigurationHasDataAnnotations = false);

/// <summary>A type the flow class is nested in; emitted as a partial declaration around it.</summary>
/// <param name="Keyword">class, struct, record, record struct or interface.</param>
/// <param name="Name">The type's name.</param>
internal sealed record ContainingTypeSpec(string Keyword, string Name);
