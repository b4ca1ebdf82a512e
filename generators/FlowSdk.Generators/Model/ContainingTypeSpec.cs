namespace FlowSdk.Generators.Model;

/// <summary>A type the flow class is nested in; emitted as a partial declaration around it.</summary>
/// <param name="Kind">What kind of type it is; the emitter picks the keyword.</param>
/// <param name="Name">The type's name.</param>
internal sealed record ContainingTypeSpec(ContainingTypeKind Kind, string Name);

/// <summary>The kinds of type a flow class can be nested in.</summary>
internal enum ContainingTypeKind
{
    Class,
    Struct,
    Record,
    RecordStruct,
    Interface,
}
