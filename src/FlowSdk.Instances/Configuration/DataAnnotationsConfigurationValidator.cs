using System.Collections;
using System.ComponentModel.DataAnnotations;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;

namespace FlowSdk.Instances;

/// <summary>
/// Validates a configuration's DataAnnotations attributes with <see cref="Validator.TryValidateObject(object, ValidationContext, ICollection{ValidationResult}?, bool)"/>,
/// descending into nested objects and collection items, and reports every failing member with its path.
/// </summary>
/// <typeparam name="TConfig">The configuration type.</typeparam>
[RequiresUnreferencedCode("DataAnnotations validation reads the properties of nested types through reflection.")]
public sealed class DataAnnotationsConfigurationValidator<TConfig> : IInstanceConfigurationValidator<TConfig>
    where TConfig : class
{
    // Guards against cycles and runaway graphs in user types.
    private const int MaxDepth = 32;

    /// <inheritdoc/>
    public void Validate(string flowName, TConfig configuration, InstanceValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(errors);
        ValidateNode(configuration, string.Empty, errors, new HashSet<object>(ReferenceEqualityComparer.Instance), 0);
    }

    private static void ValidateNode(object node, string path, InstanceValidationErrors errors, HashSet<object> visited, int depth)
    {
        if (depth > MaxDepth || !visited.Add(node))
        {
            return;
        }

        var results = new List<ValidationResult>();
        Validator.TryValidateObject(node, new ValidationContext(node), results, validateAllProperties: true);
        foreach (var result in results)
        {
            var message = result.ErrorMessage ?? "The value is invalid.";
            var members = result.MemberNames.Any() ? result.MemberNames : [string.Empty];
            foreach (var member in members)
            {
                errors.Add(Join(path, member), message);
            }
        }

        foreach (var property in node.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (!property.CanRead || property.GetIndexParameters().Length > 0 || IsLeaf(property.PropertyType))
            {
                continue;
            }

            var value = property.GetValue(node);
            var childPath = Join(path, property.Name);
            switch (value)
            {
                case null:
                    break;
                case IDictionary dictionary:
                    foreach (DictionaryEntry entry in dictionary)
                    {
                        if (entry.Value is { } item && !IsLeaf(item.GetType()))
                        {
                            ValidateNode(item, $"{childPath}[{entry.Key}]", errors, visited, depth + 1);
                        }
                    }

                    break;
                case IEnumerable sequence:
                    var index = 0;
                    foreach (var item in sequence)
                    {
                        if (item is not null && !IsLeaf(item.GetType()))
                        {
                            ValidateNode(item, $"{childPath}[{index}]", errors, visited, depth + 1);
                        }

                        index++;
                    }

                    break;
                default:
                    ValidateNode(value, childPath, errors, visited, depth + 1);
                    break;
            }
        }
    }

    private static string Join(string path, string member) =>
        path.Length == 0 ? member : member.Length == 0 ? path : path + "." + member;

    private static bool IsLeaf(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) ||
               type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(DateOnly) ||
               type == typeof(TimeOnly) || type == typeof(TimeSpan) || type == typeof(Guid) || type == typeof(Uri) ||
               type == typeof(byte[]) || type == typeof(System.Text.Json.JsonElement);
    }
}
