using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace FlowSdk.Instances;

/// <summary>The configuration type <typeparamref name="TConfig"/> of one flow, read with a source-generated <see cref="JsonTypeInfo{T}"/>.</summary>
/// <typeparam name="TConfig">The configuration type.</typeparam>
public sealed class InstanceConfigurationType<TConfig> : InstanceConfigurationType
    where TConfig : class
{
    private readonly JsonTypeInfo<TConfig> _typeInfo;
    private readonly IInstanceConfigurationValidator<TConfig>[] _validators;

    /// <summary>Creates the configuration type.</summary>
    /// <param name="flowName">The flow.</param>
    /// <param name="typeInfo">How to read and write the type (from a <c>JsonSerializerContext</c>).</param>
    /// <param name="validators">Every validator to run at deploy and update.</param>
    public InstanceConfigurationType(string flowName, JsonTypeInfo<TConfig> typeInfo, IEnumerable<IInstanceConfigurationValidator<TConfig>> validators)
        : base(flowName)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        ArgumentNullException.ThrowIfNull(validators);
        _typeInfo = typeInfo;
        _validators = [.. validators];
    }

    /// <inheritdoc/>
    public override Type ClrType => typeof(TConfig);

    /// <inheritdoc/>
    public override JsonTypeInfo TypeInfo => _typeInfo;

    /// <inheritdoc/>
    public override InstanceConfigurationBinding Bind(string json)
    {
        var errors = new InstanceValidationErrors();
        TConfig? value;
        try
        {
            value = JsonSerializer.Deserialize(json, _typeInfo);
        }
        catch (JsonException e)
        {
            // The exception's path names the field; its message may quote input, so it is not passed on.
            errors.Add(JsonPathToKey(e.Path), "The value is not valid JSON for this field.");
            return new InstanceConfigurationBinding(null, null, errors.ToDictionary());
        }

        if (value is null)
        {
            errors.Add(string.Empty, "A configuration object is required.");
            return new InstanceConfigurationBinding(null, null, errors.ToDictionary());
        }

        var memberErrors = new InstanceValidationErrors();
        foreach (var validator in _validators)
        {
            validator.Validate(FlowName, value, memberErrors);
        }

        foreach (var (memberPath, messages) in memberErrors.ToDictionary())
        {
            var key = ToJsonPath(memberPath);
            foreach (var message in messages)
            {
                errors.Add(key, message);
            }
        }

        return errors.HasErrors
            ? new InstanceConfigurationBinding(value, null, errors.ToDictionary())
            : new InstanceConfigurationBinding(value, JsonSerializer.Serialize(value, _typeInfo), errors.ToDictionary());
    }

    /// <inheritdoc/>
    public override object Deserialize(string json) =>
        JsonSerializer.Deserialize(json, _typeInfo) ?? throw new JsonException("The stored configuration is null.");

    private static string JsonPathToKey(string? path) =>
        path is null or "$" ? string.Empty : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');

    /// <summary>Turns a CLR member path (<c>Target.Url</c>, <c>Endpoints[1].Url</c>) into the JSON names the client sent.</summary>
    private string ToJsonPath(string memberPath)
    {
        if (memberPath.Length == 0)
        {
            return memberPath;
        }

        JsonTypeInfo? current = _typeInfo;
        var parts = new List<string>();
        foreach (var segment in memberPath.Split('.'))
        {
            var bracket = segment.IndexOf('[', StringComparison.Ordinal);
            var name = bracket < 0 ? segment : segment[..bracket];
            var indexes = bracket < 0 ? string.Empty : segment[bracket..];
            var property = current?.Properties.FirstOrDefault(p => p.AttributeProvider is MemberInfo m && m.Name == name);
            parts.Add((property?.Name ?? name) + indexes);
            current = property is null ? null : TryGetTypeInfo(current!.Options, property.PropertyType);
            for (var i = 0; i < indexes.Count(c => c == '[') && current is not null; i++)
            {
                current = current.ElementType is { } element ? TryGetTypeInfo(current.Options, element) : null;
            }
        }

        return string.Join('.', parts);
    }

    private static JsonTypeInfo? TryGetTypeInfo(JsonSerializerOptions options, Type type) =>
        options.TryGetTypeInfo(type, out var info) ? info : null;
}
