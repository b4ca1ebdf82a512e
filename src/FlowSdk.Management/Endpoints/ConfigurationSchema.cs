using System.Collections;
using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.Json.Serialization.Metadata;

namespace FlowSdk.Management;

/// <summary>
/// A configuration type as JSON Schema, from the JSON metadata deploy reads it with (so names and enum spellings match
/// what deploy accepts), with the DataAnnotations rules deploy validates: [Required], [Range], [StringLength],
/// [MinLength], [MaxLength], [Url] and [Description].
/// </summary>
internal static class ConfigurationSchema
{
    private static readonly JsonSchemaExporterOptions s_options = new()
    {
        TreatNullObliviousAsNonNullable = true,
        TransformSchemaNode = Transform,
    };

    public static JsonObject? Of(JsonTypeInfo typeInfo) => typeInfo.GetJsonSchemaAsNode(s_options) as JsonObject;

    private static JsonNode Transform(JsonSchemaExporterContext context, JsonNode node)
    {
        if (node is not JsonObject schema)
        {
            return node;
        }

        if (context.PropertyInfo is { AttributeProvider: { } property } info)
        {
            Annotate(schema, property, info.PropertyType);
        }
        else if (context.TypeInfo.Type.GetCustomAttribute<DescriptionAttribute>() is { } description)
        {
            schema["description"] = description.Description;
        }

        if (context.TypeInfo.Kind == JsonTypeInfoKind.Object)
        {
            MarkRequired(schema, context.TypeInfo);
        }

        return schema;
    }

    private static void Annotate(JsonObject schema, ICustomAttributeProvider property, Type type)
    {
        var isCollection = type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type);
        foreach (var attribute in property.GetCustomAttributes(inherit: true))
        {
            switch (attribute)
            {
                case DescriptionAttribute description:
                    schema["description"] = description.Description;
                    break;
                case RangeAttribute range when Number(range.Minimum) is { } minimum && Number(range.Maximum) is { } maximum:
                    schema[range.MinimumIsExclusive ? "exclusiveMinimum" : "minimum"] = minimum;
                    schema[range.MaximumIsExclusive ? "exclusiveMaximum" : "maximum"] = maximum;
                    break;
                case StringLengthAttribute length:
                    if (length.MinimumLength > 0)
                    {
                        schema["minLength"] = length.MinimumLength;
                    }

                    schema["maxLength"] = length.MaximumLength;
                    break;
                case MinLengthAttribute min:
                    schema[isCollection ? "minItems" : "minLength"] = min.Length;
                    break;
                case MaxLengthAttribute max when max.Length > 0:
                    schema[isCollection ? "maxItems" : "maxLength"] = max.Length;
                    break;
                case UrlAttribute:
                    schema["format"] = "uri";
                    break;
            }
        }
    }

    /// <summary>Adds the JSON names of the [Required] properties to the object's <c>required</c> list.</summary>
    private static void MarkRequired(JsonObject schema, JsonTypeInfo type)
    {
        foreach (var property in type.Properties)
        {
            if (property.AttributeProvider?.IsDefined(typeof(RequiredAttribute), inherit: true) != true)
            {
                continue;
            }

            if (schema["required"] is not JsonArray required)
            {
                schema["required"] = required = [];
            }

            if (!required.Any(n => n?.GetValue<string>() == property.Name))
            {
                required.Add((JsonNode?)JsonValue.Create(property.Name));
            }
        }
    }

    /// <summary>A [Range] bound as a JSON number; null for bounds of other types (dates as text), which the schema leaves out.</summary>
    private static JsonNode? Number(object bound) => bound switch
    {
        int value => value,
        long value => value,
        double value => value,
        _ => null,
    };
}
