namespace FlowSdk.OpenTelemetry.Tests;

public sealed record RawOrder(int Id, string Customer, decimal Amount);

public sealed record ParsedOrder(int Id, string Customer, decimal Amount);

public sealed record PricedOrder(ParsedOrder Order, decimal Total);

/// <summary>A channel-triggered flow with a few steps, hosted for real with OpenTelemetry listening.</summary>
[Flow("otel-orders")]
[ChannelTrigger]
public sealed partial class OrderFlow
{
    [Step]
    public static ParsedOrder Parse(RawOrder order) => new(order.Id, order.Customer.Trim(), order.Amount);

    [Filter]
    public static bool HasAmount(ParsedOrder order) => order.Amount > 0;

    [Step]
    public static async ValueTask<PricedOrder> Price(ParsedOrder order, CancellationToken cancellationToken)
    {
        await Task.Yield();
        return new PricedOrder(order, order.Amount * 1.2m);
    }

    [Step]
    public static void Deliver(PricedOrder order)
    {
    }
}
