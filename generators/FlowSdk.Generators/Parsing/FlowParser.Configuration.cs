using System.Collections.Generic;
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

    /// <summary>
    /// Whether <paramref name="type"/> or a class it holds (properties, collection items) carries a DataAnnotations
    /// validation attribute or implements <c>IValidatableObject</c>: then its registration validates them at deploy.
    /// </summary>
    private bool HasDataAnnotations(ITypeSymbol type)
    {
        var validation = _known.ValidationAttribute;
        var validatable = _known.IValidatableObject;
        if (validation is null)
        {
            return false;
        }

        var seen = new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default);
        var pending = new Stack<ITypeSymbol>();
        pending.Push(type);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            if (current.SpecialType != SpecialType.None || current.TypeKind != TypeKind.Class || !seen.Add(current))
            {
                continue;
            }

            if (validatable is not null && current.AllInterfaces.Any(i => KnownTypes.Is(i, validatable)))
            {
                return true;
            }

            for (var t = current; t is not null && t.SpecialType != SpecialType.System_Object; t = t.BaseType)
            {
                foreach (var property in t.GetMembers().OfType<IPropertySymbol>())
                {
                    if (property.GetAttributes().Any(a => KnownTypes.DerivesFrom(a.AttributeClass, validation)))
                    {
                        return true;
                    }

                    var held = property.Type is IArrayTypeSymbol array ? array.ElementType : property.Type;
                    if (held is INamedTypeSymbol { IsGenericType: true } generic && generic.AllInterfaces.Any(i => KnownTypes.Is(i, _known.IEnumerableOfT)))
                    {
                        held = generic.TypeArguments[generic.TypeArguments.Length - 1];
                    }

                    pending.Push(held);
                }
            }
        }

        return false;
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
