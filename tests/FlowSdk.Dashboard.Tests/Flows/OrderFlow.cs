using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.Json.Serialization;

[assembly: FlowSdk.FlowJsonContext(typeof(FlowSdk.Dashboard.Tests.DashboardJson))]

namespace FlowSdk.Dashboard.Tests;

/// <summary>An order webhook pushed to a shop: the flow the dashboard's tests deploy, run and fail.</summary>
[Flow("order-push", Configuration = typeof(ShopConfig))]
[WebhookTrigger("/hooks/orders")]
public sealed partial class OrderFlow
{
    [Step]
    public Order Validate(Order order) => order;

    /// <summary>Fails an order noted "fail", as a shop that refuses it would.</summary>
    [Step]
    public Order Push(Order order, ShopConfig config) =>
        order.Note == "fail" ? throw new InvalidOperationException($"The shop at {config.ShopUrl} refused order {order.Number}") : order;
}

public sealed class ShopConfig
{
    [Required]
    [Url]
    public string? ShopUrl { get; set; }

    [Range(1, 100)]
    public int BatchSize { get; set; } = 10;
}

public sealed record Order(int Number, string? Note = null);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ShopConfig))]
[JsonSerializable(typeof(Order))]
public sealed partial class DashboardJson : JsonSerializerContext;
