using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace FlowSdk.Generators.Parsing;

/// <summary>
/// Writes an attribute application back as the C# expression that creates it, so generated code hands hosts the
/// attribute values as declared without reflection.
/// </summary>
internal static class AttributeWriter
{
    public static string Creation(AttributeData attribute)
    {
        var type = attribute.AttributeClass!.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
        var arguments = string.Join(", ", attribute.ConstructorArguments.Select(Value));
        var named = attribute.NamedArguments.Select(a => $"{a.Key} = {Value(a.Value)}").ToList();
        return named.Count == 0
            ? $"new {type}({arguments})"
            : $"new {type}({arguments}) {{ {string.Join(", ", named)} }}";
    }

    // typeof(...) is written fully qualified: the generated file imports no namespace.
    private static string Value(TypedConstant constant) =>
        constant.Kind == TypedConstantKind.Type && constant.Value is ITypeSymbol type
            ? $"typeof({type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)})"
            : constant.ToCSharpString();
}
