namespace FlowSdk.Generators.Model;

/// <summary>A <c>FlowDeclarationAttribute</c> on a flow class, as written: its type, constructor arguments and set properties.</summary>
internal sealed record DeclarationSpec(
    TypeRef AttributeType,
    ImmutableEquatableArray<ConstantSpec> Arguments,
    ImmutableEquatableArray<NamedConstantSpec> Properties);

/// <summary>A property the user set on a declaration attribute.</summary>
internal sealed record NamedConstantSpec(string Name, ConstantSpec Value);

/// <summary>An attribute argument's value: its kind, its invariant text, and the type that spells it.</summary>
/// <param name="Text">The string itself, a number in invariant digits, <c>true</c>/<c>false</c>, or an enum's underlying value.</param>
/// <param name="Type">The argument's type (enum, number, <c>typeof</c> target or array element), or null.</param>
/// <param name="Items">An array's elements.</param>
internal sealed record ConstantSpec(ConstantKind Kind, string? Text, TypeRef? Type, ImmutableEquatableArray<ConstantSpec>? Items = null);

/// <summary>What a <see cref="ConstantSpec"/> holds.</summary>
internal enum ConstantKind
{
    Null,
    String,
    Bool,
    Char,
    Number,
    Enum,
    Type,
    Array,
}
