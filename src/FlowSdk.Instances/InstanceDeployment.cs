namespace FlowSdk.Instances;

/// <summary>What a store needs to deploy a new instance.</summary>
public sealed class InstanceDeployment
{
    /// <summary>The new instance's id; must not be in use.</summary>
    public required string Id { get; init; }

    /// <summary>The flow to deploy.</summary>
    public required string FlowName { get; init; }

    /// <summary>A label naming the customer, or null.</summary>
    public string? Customer { get; init; }

    /// <summary>Whether the instance starts enabled. Default true.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>The configuration as JSON. Default an empty object.</summary>
    public string ConfigurationJson { get; init; } = "{}";

    /// <summary>The full name of the configuration's CLR type, or null.</summary>
    public string? ConfigurationType { get; init; }

    /// <summary>Secret values by name, in plain text; the store encrypts them before they reach storage.</summary>
    public IReadOnlyDictionary<string, string> Secrets { get; init; } = new Dictionary<string, string>();

    /// <summary>A cron expression overriding the flow's schedule, or null.</summary>
    public string? Schedule { get; init; }
}
