using Microsoft.CodeAnalysis;

namespace FlowSdk.Generators.Parsing;

/// <summary>
/// Reads the named arguments of an attribute application as values. A property counts only when the user set it to a
/// value of its type; anything else is null, so the model records exactly what was declared.
/// </summary>
internal static class AttributeArguments
{
    /// <summary>The value of named argument <paramref name="name"/>, or null when it was not set.</summary>
    public static T? Named<T>(AttributeData attribute, string name)
        where T : struct
    {
        foreach (var argument in attribute.NamedArguments)
        {
            if (argument.Key == name && argument.Value.Value is T value)
            {
                return value;
            }
        }

        return null;
    }

    /// <summary>The string set for named argument <paramref name="name"/>, or null when it was not set (or set to null).</summary>
    public static string? NamedString(AttributeData attribute, string name)
    {
        foreach (var argument in attribute.NamedArguments)
        {
            if (argument.Key == name && argument.Value.Value is string value)
            {
                return value;
            }
        }

        return null;
    }
}
