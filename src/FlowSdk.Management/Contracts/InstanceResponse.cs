using System.Text.Json;
using System.Text.Json.Serialization;
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

    /// <summary>Until when the webhook secret replaced by the last rotation still verifies requests, or null.</summary>
    public DateTimeOffset? PreviousWebhookSecretExpiresAt { get; init; }

    /// <summary>
    /// The webhook secret, only in the answer that created it: a deploy that generated it, or a rotation. Never in any
    /// other answer; the server keeps it encrypted and cannot show it again.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? WebhookSecret { get; init; }

    internal static InstanceResponse From(FlowInstance instance, string? webhookSecret = null)
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
            PreviousWebhookSecretExpiresAt = instance.PreviousWebhookSecretExpiresAt,
            WebhookSecret = webhookSecret,
        };
    }
}
