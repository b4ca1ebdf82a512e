using System.Text.Json;

namespace FlowSdk.Management;

/// <summary>
/// The body of <c>PUT {prefix}/instances/{id}</c>: customer, configuration and schedule are replaced; secrets are merged
/// (a value sets one, null removes one, a name not mentioned is kept). Send <c>If-Match</c> with the instance's ETag to
/// refuse the change if someone else changed the instance first.
/// </summary>
public sealed class UpdateInstanceRequest
{
    /// <summary>The customer label.</summary>
    public string? Customer { get; set; }

    /// <summary>The configuration object.</summary>
    public JsonElement? Configuration { get; set; }

    /// <summary>Secrets to set (a value) or remove (null).</summary>
    public Dictionary<string, string?>? Secrets { get; set; }

    /// <summary>The schedule override, or null for the flow's own schedule.</summary>
    public string? Schedule { get; set; }
}
