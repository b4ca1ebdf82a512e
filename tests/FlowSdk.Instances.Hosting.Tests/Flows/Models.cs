using System.Text.Json;
using System.Text.Json.Serialization;

[assembly: FlowSdk.FlowJsonContext(typeof(FlowSdk.Instances.Hosting.Tests.TestJson))]

namespace FlowSdk.Instances.Hosting.Tests;

public sealed class GreetingConfig
{
    public string Greeting { get; set; } = "Hello";
}

public sealed record Order(int Number, string? Note = null);

public sealed record Basket(string Note, int[] Lines);

public sealed record Receipt(string Text, int Total);

public sealed record Seen(string InstanceId, Guid ExecutionId, object? Configuration, object Payload);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(GreetingConfig))]
[JsonSerializable(typeof(Order))]
[JsonSerializable(typeof(ScheduledTick))]
[JsonSerializable(typeof(WebhookRequest))]
[JsonSerializable(typeof(Basket))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(Receipt))]
public sealed partial class TestJson : JsonSerializerContext;
