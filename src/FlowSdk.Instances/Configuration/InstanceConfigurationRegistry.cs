using System.Diagnostics.CodeAnalysis;

namespace FlowSdk.Instances;

/// <summary>The configuration types of the flows in this application, by flow name.</summary>
public sealed class InstanceConfigurationRegistry
{
    private readonly Dictionary<string, InstanceConfigurationType> _types = new(StringComparer.Ordinal);

    /// <summary>Creates the registry.</summary>
    /// <exception cref="InvalidOperationException">Two configuration types name the same flow.</exception>
    public InstanceConfigurationRegistry(IEnumerable<InstanceConfigurationType> types)
    {
        ArgumentNullException.ThrowIfNull(types);
        foreach (var type in types)
        {
            if (!_types.TryAdd(type.FlowName, type))
            {
                throw new InvalidOperationException($"Flow '{type.FlowName}' has more than one instance configuration type.");
            }
        }
    }

    /// <summary>The flows that declare a configuration type.</summary>
    public IEnumerable<string> FlowNames => _types.Keys;

    /// <summary>Gets the configuration type of <paramref name="flowName"/>.</summary>
    public bool TryGet(string flowName, [NotNullWhen(true)] out InstanceConfigurationType? type) => _types.TryGetValue(flowName, out type);
}
