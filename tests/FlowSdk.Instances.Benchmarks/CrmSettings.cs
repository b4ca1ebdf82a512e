using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace FlowSdk.Instances.Benchmarks;

/// <summary>A typical instance configuration: where the customer's CRM is, how to call it, a few field mappings.</summary>
public sealed class CrmSettings
{
    [Required]
    [Url]
    public string? BaseUrl { get; set; }

    [Required]
    public string ContactsPath { get; set; } = "contacts";

    [Required]
    public string ApiKeyHeader { get; set; } = "X-Api-Key";

    [Range(1, 300)]
    public int TimeoutSeconds { get; set; } = 30;

    public Dictionary<string, string> FieldMappings { get; set; } = [];
}

/// <summary>What the sample's webhook receives: the body a routed message carries.</summary>
public sealed record CustomerCreated(string Email, string Name, bool Active);

[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(CrmSettings))]
[JsonSerializable(typeof(CustomerCreated))]
[JsonSerializable(typeof(CustomerEvent))]
[JsonSerializable(typeof(CrmContact))]
internal sealed partial class BenchJson : JsonSerializerContext;
