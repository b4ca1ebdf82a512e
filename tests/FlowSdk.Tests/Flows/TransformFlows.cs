using FlowSdk;

namespace FlowSdk.Tests.Flows;

public sealed record Order(int Id, decimal Amount, string Customer);

public sealed record Invoice(int OrderId, decimal Total);

/// <summary>Synchronous transforms, a filter and a side effect.</summary>
[Flow("orders")]
[ChannelTrigger]
public sealed partial class OrderFlow
{
    public List<string> Seen { get; } = [];

    [Filter]
    public bool IsBig(Order order) => order.Amount >= 100;

    [Step]
    public Invoice ToInvoice(Order order) => new(order.Id, order.Amount * 1.2m);

    [Step]
    public void Record(Invoice invoice) => Seen.Add($"invoice {invoice.OrderId}");

    [Step]
    public string Describe(Invoice invoice) => $"{invoice.OrderId}:{invoice.Total}";
}

/// <summary>Every asynchronous return shape; each step completes synchronously or not, as the test decides.</summary>
[Flow("async-shapes")]
public sealed partial class AsyncShapesFlow
{
    public bool Yield { get; set; }

    public List<string> Trace { get; } = [];

    [Step]
    public async ValueTask<int> Parse(string text)
    {
        if (Yield)
        {
            await Task.Yield();
        }

        Trace.Add("Parse");
        return int.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
    }

    [Filter]
    public async ValueTask<bool> IsPositive(int value)
    {
        if (Yield)
        {
            await Task.Yield();
        }

        Trace.Add("IsPositive");
        return value > 0;
    }

    [Step]
    public async Task<long> Square(int value)
    {
        if (Yield)
        {
            await Task.Yield();
        }

        Trace.Add("Square");
        return (long)value * value;
    }

    [Step]
    public async ValueTask Audit(long value)
    {
        if (Yield)
        {
            await Task.Yield();
        }

        Trace.Add("Audit " + value);
    }

    [Filter]
    public Task<bool> IsSmall(long value) => Yield ? Later(value < 1_000_000) : Task.FromResult(value < 1_000_000);

    [Step]
    public async Task Notify(long value)
    {
        if (Yield)
        {
            await Task.Yield();
        }

        Trace.Add("Notify " + value);
    }

    [Step]
    public string Format(long value) => "squared " + value;

    private static async Task<bool> Later(bool value)
    {
        await Task.Yield();
        return value;
    }
}
