using System.Text.Json;

namespace FlowSdk.Management;

/// <summary>The body of <c>POST {prefix}/instances</c>.</summary>
public sealed class DeployInstanceRequest
{
    /// <summary>The new instance's id (letters, digits, '-', '_', '.').</summary>
    public string? Id { get; set; }

    /// <summary>The flow to deploy.</summary>
    public string? Flow { get; set; }

    /// <summary>A label naming the customer.</summary>
    public string? Customer { get; set; }

    /// <summary>Whether the instance starts enabled. Default true.</summary>
    public bool? Enabled { get; set; }

    /// <summary>The configuration object, validated against the flow's configuration type.</summary>
    public JsonElement? Configuration { get; set; }

    /// <summary>Secret values by name. Write-only: responses carry the names, never the values.</summary>
    public Dictionary<string, string>? Secrets { get; set; }

    /// <summary>A cron expression that replaces the flow's schedule for this instance.</summary>
    public string? Schedule { get; set; }
}
