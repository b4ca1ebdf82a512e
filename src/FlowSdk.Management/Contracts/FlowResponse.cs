using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace FlowSdk.Management;

/// <summary>A flow this host runs: its triggers, steps, the secrets its instances need and its configuration's JSON Schema.</summary>
public sealed class FlowResponse
{
    /// <summary>The flow's stable name.</summary>
    public required string Name { get; init; }

    /// <summary>What starts it.</summary>
    public required IReadOnlyList<FlowTriggerResponse> Triggers { get; init; }

    /// <summary>The steps in run order.</summary>
    public required IReadOnlyList<FlowStepResponse> Steps { get; init; }

    /// <summary>The secrets each instance carries, by name (<see cref="FlowSecretAttribute"/>).</summary>
    public required IReadOnlyList<FlowSecretResponse> Secrets { get; init; }

    /// <summary>The instance configuration as JSON Schema (the names and rules deploy applies), or null when the flow has none.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public JsonObject? ConfigurationSchema { get; init; }
}

/// <summary>One trigger of a flow.</summary>
public sealed class FlowTriggerResponse
{
    /// <summary><c>webhook</c>, <c>schedule</c> or <c>channel</c>.</summary>
    public required string Kind { get; init; }

    /// <summary>A webhook's route.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Route { get; init; }

    /// <summary>A schedule's cron expression.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Cron { get; init; }

    /// <summary>A schedule's time zone.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? TimeZone { get; init; }

    /// <summary>The payload type the trigger delivers (the .NET type's full name).</summary>
    public required string PayloadType { get; init; }

    /// <summary>The entry method the trigger starts at, when the flow has several.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Entry { get; init; }
}

/// <summary>One step of a flow.</summary>
public sealed class FlowStepResponse
{
    /// <summary>The step's method name.</summary>
    public required string Name { get; init; }

    /// <summary>Step, Filter or Split.</summary>
    public required string Kind { get; init; }
}

/// <summary>A secret a flow's instances carry.</summary>
public sealed class FlowSecretResponse
{
    /// <summary>The secret's name.</summary>
    public required string Name { get; init; }

    /// <summary>What it is for.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Description { get; init; }

    /// <summary>Whether deploy refuses an instance without it.</summary>
    public bool Required { get; init; }
}
