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
        var arguments = string.Join(", ", attribute.ConstructorArguments.Select(a => a.ToCSharpString()));
        var named = attribute.NamedArguments.Select(a => $"{a.Key} = {a.Value.ToCSharpString()}").ToList();
        return named.Count == 0
            ? $"new {type}({arguments})"
            : $"new {type}({arguments}) {{ {string.Join(", ", named)} }}";
    }
}
