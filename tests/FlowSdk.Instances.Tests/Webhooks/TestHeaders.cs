using FlowSdk.Instances.Webhooks;

namespace FlowSdk.Instances.Tests;

/// <summary>Request headers for the scheme tests: names compare case-insensitively, as HTTP's do.</summary>
internal sealed class TestHeaders(params (string Name, string Value)[] values) : IWebhookHeaders
{
    private readonly Dictionary<string, string> _values = values.ToDictionary(v => v.Name, v => v.Value, StringComparer.OrdinalIgnoreCase);

    public string? Get(string name) => _values.GetValueOrDefault(name);
}
