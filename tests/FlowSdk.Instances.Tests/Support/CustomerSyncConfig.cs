using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace FlowSdk.Instances.Tests;

public sealed class CustomerSyncConfig
{
    [Required]
    [Url]
    public string? TargetUrl { get; set; }

    [Range(1, 100)]
    public int BatchSize { get; set; } = 10;

    [Required]
    public TargetAuth? Auth { get; set; }

    public List<FieldMapping> Mappings { get; set; } = [];
}

public sealed class TargetAuth
{
    [Required]
    public string? HeaderName { get; set; }

    [Required]
    [MinLength(3)]
    public string? Scheme { get; set; }
}

public sealed class FieldMapping
{
    [Required]
    public string? From { get; set; }

    [Required]
    public string? To { get; set; }
}

[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(CustomerSyncConfig))]
internal sealed partial class TestJsonContext : JsonSerializerContext;
