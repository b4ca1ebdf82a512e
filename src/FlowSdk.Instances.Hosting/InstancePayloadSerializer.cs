using System.Text.Json;
using Microsoft.Extensions.Options;

namespace FlowSdk.Instances.Hosting;

/// <summary>Turns a failed execution's payload into the JSON bytes of its dead letter, and back on replay.</summary>
internal sealed class InstancePayloadSerializer(IOptions<FlowInstancesHostingOptions> options, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
{
    public const string ContentType = "application/json";

    public JsonSerializerOptions Options => options.Value.PayloadSerializerOptions ?? json.Value.SerializerOptions;

    public byte[] Serialize(object payload) => JsonSerializer.SerializeToUtf8Bytes(payload, Options.GetTypeInfo(payload.GetType()));

    public object? Deserialize(ReadOnlySpan<byte> payload, Type type) => JsonSerializer.Deserialize(payload, Options.GetTypeInfo(type));
}
