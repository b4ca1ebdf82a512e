using System.Text.Json.Serialization;

namespace FlowSdk.Instances;

/// <summary>Serialises the encrypted-secrets column (name to protected value).</summary>
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class StoreJsonContext : JsonSerializerContext;
