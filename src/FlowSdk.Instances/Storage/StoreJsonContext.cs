using System.Text.Json.Serialization;

namespace FlowSdk.Instances;

/// <summary>Serialises the encrypted-secrets column (name to protected value) and the step journal column.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(ExecutionStep[]))]
internal sealed partial class StoreJsonContext : JsonSerializerContext;
