using Microsoft.CodeAnalysis;
using FlowSdk.Generators.Parsing;

namespace FlowSdk.Analyzers;

/// <summary>Cheap attribute checks that keep every analyzer action scoped to flow classes and their steps.</summary>
internal static class FlowAttributes
{
    public static bool IsFlow(INamedTypeSymbol type, KnownTypes known) => Find(type, known.FlowAttribute) is not null;

    public static AttributeData? Find(ISymbol symbol, INamedTypeSymbol? attributeType)
    {
        if (attributeType is null)
        {
            return null;
        }

        foreach (var attribute in symbol.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, attributeType))
            {
                return attribute;
            }
        }

        return null;
    }

    public static bool IsStep(IMethodSymbol method, KnownTypes known)
    {
        foreach (var attribute in method.GetAttributes())
        {
            var type = attribute.AttributeClass;
            if (KnownTypes.Is(type, known.StepAttribute) || KnownTypes.Is(type, known.FilterAttribute) || KnownTypes.Is(type, known.SplitAttribute))
            {
                return true;
            }
        }

        return false;
    }
}
