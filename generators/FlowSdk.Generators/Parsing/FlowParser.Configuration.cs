using System.Linq;
using FlowSdk.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace FlowSdk.Generators.Parsing;

/// <summary>The flow's per-instance configuration type (<c>[Flow(..., Configuration = typeof(T))]</c>).</summary>
internal sealed partial class FlowParser
{
    /// <summary>Returns the declared configuration type, reporting FLOW016 when an instance could never be given one.</summary>
    private ITypeSymbol? ParseConfigurationType(AttributeData flowAttribute)
    {
        var argument = flowAttribute.NamedArguments.FirstOrDefault(a => a.Key == "Configuration");
        if (argument.Key is null || argument.Value.Kind != TypedConstantKind.Type || argument.Value.Value is not ITypeSymbol type)
        {
            return null;
        }

        if (WhyNotConfiguration(type) is { } reason)
        {
            Report(DiagnosticDescriptors.InvalidConfigurationType, NamedArgumentLocation(flowAttribute, "Configuration"), type.ToDisplayString(MessageFormat), reason);
            return null;
        }

        return type;
    }

    /// <summary>Why instances could not be given a <paramref name="type"/> read from JSON, or null when they can.</summary>
    private static string? WhyNotConfiguration(ITypeSymbol type)
    {
        if (type.TypeKind == TypeKind.Error)
        {
            return null; // the compiler reports the missing type
        }

        if (type is not INamedTypeSymbol { TypeKind: TypeKind.Class } named)
        {
            return "a configuration type must be a class or record";
        }

        if (named.IsStatic || named.IsAbstract)
        {
            return "it is static or abstract, so no instance of it can exist";
        }

        if (named.IsUnboundGenericType || named.TypeArguments.Any(t => t.TypeKind == TypeKind.TypeParameter))
        {
            return "it is an open generic type";
        }

        if (!named.InstanceConstructors.Any(c => c.DeclaredAccessibility == Accessibility.Public))
        {
            return "it has no public constructor, so it cannot be read from JSON";
        }

        return null;
    }

    private Location? NamedArgumentLocation(AttributeData attribute, string name)
    {
        if (attribute.ApplicationSyntaxReference?.GetSyntax(_cancellationToken) is not AttributeSyntax syntax)
        {
            return null;
        }

        var argument = syntax.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == name);
        return argument?.GetLocation() ?? syntax.GetLocation();
    }
}
