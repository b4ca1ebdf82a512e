using System.Text.Json;
using System.Text.Json.Serialization;

namespace FlowSdk.Management;

/// <summary>Source-generated JSON for the dashboard's own endpoints and its session cookie.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true)]
[JsonSerializable(typeof(DashboardSignInRequest))]
[JsonSerializable(typeof(DashboardSessionResponse))]
[JsonSerializable(typeof(DashboardStatsResponse))]
[JsonSerializable(typeof(DashboardSessionTicket))]
[JsonSerializable(typeof(ExecutionResponse))]
internal sealed partial class DashboardJsonContext : JsonSerializerContext;
