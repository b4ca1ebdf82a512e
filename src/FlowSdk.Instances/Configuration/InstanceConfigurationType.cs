namespace FlowSdk.Instances;

/// <summary>
/// The configuration type a flow's instances bind to: how their JSON is read, validated and normalised. Registered once
/// per flow with <see cref="Microsoft.Extensions.DependencyInjection.InstanceServiceCollectionExtensions.AddInstanceConfiguration{TConfig}"/>.
/// </summary>
public abstract class InstanceConfigurationType
{
    private protected InstanceConfigurationType(string flowName) => FlowName = flowName;

    /// <summary>The flow whose instances use this configuration.</summary>
    public string FlowName { get; }

    /// <summary>The configuration's CLR type.</summary>
    public abstract Type ClrType { get; }

    /// <summary>The JSON metadata deploy reads the configuration with (property names, converters), for describing it.</summary>
    public abstract System.Text.Json.Serialization.Metadata.JsonTypeInfo TypeInfo { get; }

    /// <summary>
    /// Reads and validates <paramref name="json"/>. Never throws for bad input: every failure (malformed JSON, a value of
    /// the wrong type, a failing validator) is in <see cref="InstanceConfigurationBinding.Errors"/>, keyed by JSON path.
    /// </summary>
    public abstract InstanceConfigurationBinding Bind(string json);

    /// <summary>Reads stored JSON that passed <see cref="Bind"/> at deploy time, for the code that runs the instance.</summary>
    public abstract object Deserialize(string json);
}

/// <summary>The result of <see cref="InstanceConfigurationType.Bind"/>.</summary>
/// <param name="Value">The bound configuration, or null when the JSON could not be read.</param>
/// <param name="Json">The configuration written back as JSON (normalised to the type), or null when invalid.</param>
/// <param name="Errors">Failures by JSON path below the configuration (an empty key for the configuration as a whole).</param>
public sealed record InstanceConfigurationBinding(object? Value, string? Json, IReadOnlyDictionary<string, string[]> Errors)
{
    /// <summary>Whether the configuration is valid.</summary>
    public bool IsValid => Errors.Count == 0 && Json is not null;
}
