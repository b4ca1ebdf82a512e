using Microsoft.CodeAnalysis;

namespace FlowSdk.Generators.Parsing;

/// <summary>
/// What <c>[assembly: FlowJsonContext(typeof(T))]</c> must name. The generator reads configuration through it only when
/// it passes, so an invalid context leaves the build with the analyzer's FLOW018 rather than an error in generated code.
/// </summary>
internal static class JsonContextRules
{
    /// <summary>Why <paramref name="type"/> cannot serve as the assembly's context, or null when it can.</summary>
    public static string? WhyNotContext(INamedTypeSymbol type, Compilation compilation)
    {
        var baseType = compilation.GetTypeByMetadataName("System.Text.Json.Serialization.JsonSerializerContext");
        if (type.TypeKind == TypeKind.Error || baseType is null)
        {
            return null; // the compiler reports the missing type
        }

        if (!KnownTypes.DerivesFrom(type.BaseType, baseType))
        {
            return "does not derive from JsonSerializerContext";
        }

        return type.IsAbstract || type.IsGenericType ? "is abstract or generic" : null;
    }
}
