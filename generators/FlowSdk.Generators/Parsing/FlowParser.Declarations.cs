using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using FlowSdk.Generators.Model;
using Microsoft.CodeAnalysis;

namespace FlowSdk.Generators.Parsing;

internal sealed partial class FlowParser
{
    /// <summary>
    /// The <c>FlowDeclarationAttribute</c>s on <paramref name="type"/>, in source order. One whose arguments do not bind
    /// is left out: the compiler reports it.
    /// </summary>
    private ImmutableEquatableArray<DeclarationSpec> ParseDeclarations(INamedTypeSymbol type)
    {
        var result = new List<DeclarationSpec>();
        foreach (var attribute in type.GetAttributes())
        {
            if (attribute.AttributeClass is not { IsAbstract: false } attributeClass || !KnownTypes.DerivesFrom(attributeClass, _known.FlowDeclarationAttribute))
            {
                continue;
            }

            var arguments = new List<ConstantSpec>();
            var properties = new List<NamedConstantSpec>();
            var bound = attribute.ConstructorArguments.All(a => Add(arguments, Constant(a)))
                && attribute.NamedArguments.All(a => Constant(a.Value) is { } value && Add(properties, new NamedConstantSpec(a.Key, value)));
            if (bound)
            {
                result.Add(new DeclarationSpec(Ref(attributeClass), arguments.ToImmutableEquatableArray(), properties.ToImmutableEquatableArray()));
            }
        }

        return result.ToImmutableEquatableArray();
    }

    private static bool Add<T>(List<T> list, T? item)
        where T : class
    {
        if (item is null)
        {
            return false;
        }

        list.Add(item);
        return true;
    }

    /// <summary>The value of <paramref name="constant"/>, or null when it does not bind (the compiler reports that).</summary>
    private static ConstantSpec? Constant(TypedConstant constant)
    {
        if (constant.Kind == TypedConstantKind.Error)
        {
            return null;
        }

        if (constant.IsNull)
        {
            return new ConstantSpec(ConstantKind.Null, null, null);
        }

        switch (constant.Kind)
        {
            case TypedConstantKind.Array:
                var items = new List<ConstantSpec>();
                return constant.Values.All(v => Add(items, Constant(v)))
                    ? new ConstantSpec(ConstantKind.Array, null, Ref(((IArrayTypeSymbol)constant.Type!).ElementType), items.ToImmutableEquatableArray())
                    : null;
            case TypedConstantKind.Type:
                return new ConstantSpec(ConstantKind.Type, null, Ref((ITypeSymbol)constant.Value!));
            case TypedConstantKind.Enum:
                return new ConstantSpec(ConstantKind.Enum, System.Convert.ToString(constant.Value, CultureInfo.InvariantCulture), Ref(constant.Type!));
        }

        return constant.Value switch
        {
            string text => new ConstantSpec(ConstantKind.String, text, null),
            bool flag => new ConstantSpec(ConstantKind.Bool, flag ? "true" : "false", null),
            char c => new ConstantSpec(ConstantKind.Char, c.ToString(), null),
            double d => new ConstantSpec(ConstantKind.Number, d.ToString("R", CultureInfo.InvariantCulture), Ref(constant.Type!)),
            float f => new ConstantSpec(ConstantKind.Number, f.ToString("R", CultureInfo.InvariantCulture), Ref(constant.Type!)),
            System.IFormattable number => new ConstantSpec(ConstantKind.Number, number.ToString(null, CultureInfo.InvariantCulture), Ref(constant.Type!)),
            _ => null,
        };
    }
}
