using System.Text.Json;
using System.Text.Json.Serialization;

namespace FlowSdk.Management;

/// <summary>Source-generated JSON for the management API's bodies (trim- and AOT-safe).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true)]
[JsonSerializable(typeof(DeployInstanceRequest))]
[JsonSerializable(typeof(UpdateInstanceRequest))]
[JsonSerializable(typeof(RotateWebhookSecretRequest))]
[JsonSerializable(typeof(InstanceResponse))]
[JsonSerializable(typeof(IReadOnlyList<InstanceResponse>))]
[JsonSerializable(typeof(ExecutionResponse))]
[JsonSerializable(typeof(IReadOnlyList<ExecutionResponse>))]
[JsonSerializable(typeof(ExecutionDetailResponse))]
[JsonSerializable(typeof(FlowResponse))]
[JsonSerializable(typeof(IReadOnlyList<FlowResponse>))]
[JsonSerializable(typeof(DeadLetterResponse))]
[JsonSerializable(typeof(IReadOnlyList<DeadLetterResponse>))]
[JsonSerializable(typeof(ReplayResponse))]
[JsonSerializable(typeof(AuditEntryResponse))]
[JsonSerializable(typeof(IReadOnlyList<AuditEntryResponse>))]
[JsonSerializable(typeof(ReEncryptionResponse))]
[JsonSerializable(typeof(ConnectionResponse))]
[JsonSerializable(typeof(IReadOnlyList<ConnectionResponse>))]
[JsonSerializable(typeof(ConnectionConsentResponse))]
public sealed partial class ManagementJsonContext : JsonSerializerContext;
