using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace FlowSdk.Hosting;

/// <summary>
/// JSON for the generated <c>FlowInput</c> messages of flows with entries: <c>{"entry": name-or-null, "payload": ...}</c>,
/// the payload written with its entry's declared type. The message type comes from another source generator, so no
/// <see cref="JsonSerializerContext"/> can name it; only the payload types need to be in the options' resolver.
/// </summary>
public static class FlowEntryJson
{
    private const string EntryProperty = "entry";
    private const string PayloadProperty = "payload";

    /// <summary>Type info for <typeparamref name="TMessage"/> built from the flow's <paramref name="entries"/>.</summary>
    /// <typeparam name="TMessage">The generated <c>FlowInput</c>.</typeparam>
    public static JsonTypeInfo<TMessage> Create<TMessage>(IReadOnlyList<FlowEntry<TMessage>> entries, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(options);
        return JsonMetadataServices.CreateValueInfo<TMessage>(options, new Converter<TMessage>(entries));
    }

    /// <summary>The JSON of <paramref name="message"/>, the shape <see cref="Create"/> reads; payload typed by its runtime type.</summary>
    public static byte[] SerializeToUtf8Bytes(IFlowEntryMessage message, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(options);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, message.Entry, message.Payload, message.Payload is { } payload ? options.GetTypeInfo(payload.GetType()) : null);
        }

        return buffer.ToArray();
    }

    private static void Write(Utf8JsonWriter writer, string? entry, object? payload, JsonTypeInfo? payloadJson)
    {
        writer.WriteStartObject();
        writer.WriteString(EntryProperty, entry);
        writer.WritePropertyName(PayloadProperty);
        if (payload is null || payloadJson is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            JsonSerializer.Serialize(writer, payload, payloadJson);
        }

        writer.WriteEndObject();
    }

    private sealed class Converter<TMessage>(IReadOnlyList<FlowEntry<TMessage>> entries) : JsonConverter<TMessage>
    {
        private readonly Dictionary<string, Codec<TMessage>> _byName = entries.Where(e => e.Name is not null).ToDictionary(e => e.Name!, e => e.Accept(CodecFactory<TMessage>.Instance), StringComparer.Ordinal);
        private readonly Codec<TMessage>? _first = entries.FirstOrDefault(e => e.Name is null)?.Accept(CodecFactory<TMessage>.Instance);

        public override void Write(Utf8JsonWriter writer, TMessage value, JsonSerializerOptions options)
        {
            var message = (IFlowEntryMessage)value!;
            var codec = Find(message.Entry) ?? throw new JsonException($"The flow has no entry '{message.Entry}'.");
            FlowEntryJson.Write(writer, message.Entry, message.Payload, options.GetTypeInfo(codec.PayloadType));
        }

        public override TMessage Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw new JsonException("A flow message is a JSON object with \"entry\" and \"payload\".");
            }

            reader.Read();
            if (reader.TokenType != JsonTokenType.PropertyName || !reader.ValueTextEquals(EntryProperty))
            {
                throw new JsonException("A flow message starts with its \"entry\".");
            }

            reader.Read();
            var entry = reader.TokenType == JsonTokenType.Null ? null : reader.GetString();
            var codec = Find(entry) ?? throw new JsonException($"The flow has no entry '{entry}'.");
            reader.Read();
            if (reader.TokenType != JsonTokenType.PropertyName || !reader.ValueTextEquals(PayloadProperty))
            {
                throw new JsonException("A flow message's \"entry\" is followed by its \"payload\".");
            }

            reader.Read();
            var message = codec.Read(ref reader, options);
            reader.Read();
            return reader.TokenType == JsonTokenType.EndObject ? message : throw new JsonException("A flow message has only \"entry\" and \"payload\".");
        }

        private Codec<TMessage>? Find(string? entry) => entry is null ? _first : _byName.GetValueOrDefault(entry);
    }

    private abstract class Codec<TMessage>
    {
        public abstract Type PayloadType { get; }

        public abstract TMessage Read(ref Utf8JsonReader reader, JsonSerializerOptions options);
    }

    private sealed class Codec<TPayload, TMessage>(FlowEntry<TPayload, TMessage> entry) : Codec<TMessage>
    {
        public override Type PayloadType => typeof(TPayload);

        public override TMessage Read(ref Utf8JsonReader reader, JsonSerializerOptions options) =>
            entry.Wrap(JsonSerializer.Deserialize(ref reader, (JsonTypeInfo<TPayload>)options.GetTypeInfo(typeof(TPayload)))!);
    }

    private sealed class CodecFactory<TMessage> : IFlowEntryVisitor<TMessage, Codec<TMessage>>
    {
        public static readonly CodecFactory<TMessage> Instance = new();

        public Codec<TMessage> Visit<TPayload>(FlowEntry<TPayload, TMessage> entry) => new Codec<TPayload, TMessage>(entry);
    }
}
