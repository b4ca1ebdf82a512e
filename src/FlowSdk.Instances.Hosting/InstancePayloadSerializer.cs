using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using FlowSdk.Hosting;
using Microsoft.Extensions.Options;

namespace FlowSdk.Instances.Hosting;

/// <summary>
/// Turns payloads into the JSON bytes of stored messages and dead letters, and back: with
/// <see cref="FlowInstancesHostingOptions.PayloadSerializerOptions"/>, else web defaults where reflection-based JSON is
/// enabled (trimmed and native AOT apps must set the options).
/// </summary>
internal sealed class InstancePayloadSerializer(IOptions<FlowInstancesHostingOptions> options)
{
    public const string ContentType = "application/json";

    public JsonSerializerOptions Options => options.Value.PayloadSerializerOptions
        ?? (JsonSerializer.IsReflectionEnabledByDefault
            ? ReflectionWebOptions()
            : throw new InvalidOperationException("Reflection-based JSON is disabled (trimmed or native AOT): set FlowInstancesHostingOptions.PayloadSerializerOptions to options whose resolver knows the flows' payload types."));

    public byte[] Serialize(object payload) => payload is IFlowEntryMessage message
        ? FlowEntryJson.SerializeToUtf8Bytes(message, Options)
        : JsonSerializer.SerializeToUtf8Bytes(payload, Options.GetTypeInfo(payload.GetType()));

    public object? Deserialize(ReadOnlySpan<byte> payload, Type type) => JsonSerializer.Deserialize(payload, Options.GetTypeInfo(type));

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Only called when reflection-based JSON is enabled, which trimmed and native AOT apps turn off by default.")]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Only called when reflection-based JSON is enabled, which native AOT apps turn off by default.")]
    private static JsonSerializerOptions ReflectionWebOptions() => JsonSerializerOptions.Web;
}
