using System.Text.Json;
using FlowSdk.Instances;

namespace FlowSdk.Management;

/// <summary>An instance as the management API shows it: secret names only, never values.</summary>
public sealed class InstanceResponse
{
    /// <summary>The instance id.</summary>
    public required string Id { get; init; }

    /// <summary>The flow.</summary>
    public required string Flow { get; init; }

    /// <summary>The customer label.</summary>
    public string? Customer { get; init; }

    /// <summary>Whether new executions may start.</summary>
    public bool Enabled { get; init; }

    /// <summary>The validated configuration.</summary>
    public JsonElement Configuration { get; init; }

    /// <summary>The names of the instance's secrets.</summary>
    public required IReadOnlyList<string> SecretNames { get; init; }

    /// <summary>The schedule override.</summary>
    public string? Schedule { get; init; }

    /// <summary>When the instance was deployed.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When it last changed.</summary>
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Its version, also sent as the ETag.</summary>
    public long Version { get; init; }

    internal static InstanceResponse From(FlowInstance instance)
    {
        using var document = JsonDocument.Parse(instance.ConfigurationJson);
        return new InstanceResponse
        {
            Id = instance.Id,
            Flow = instance.FlowName,
            Customer = instance.Customer,
            Enabled = instance.Enabled,
            Configuration = document.RootElement.Clone(),
            SecretNames = instance.SecretNames,
            Schedule = instance.Schedule,
            CreatedAt = instance.CreatedAt,
            UpdatedAt = instance.UpdatedAt,
            Version = instance.Version,
        };
    }
}
