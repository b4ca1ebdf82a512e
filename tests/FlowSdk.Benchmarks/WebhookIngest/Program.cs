using FlowSdk;
using FlowSdk.AspNetCore;
using FlowSdk.Hosting;

// The web app the webhook ingest benchmark loads: a FlowSdk webhook flow and, beside it, a bare minimal-API endpoint
// that does nothing, on the same Kestrel server. Listens where --urls says (loopback in the script).
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
builder.Services.AddSingleton<IngestCounter>();
builder.Services.AddFlows();
builder.Services.Configure<FlowOptions>("order-ingest", options => options.Capacity = 65_536);

var app = builder.Build();
app.MapPost("/bare", static () => Results.Accepted());
app.MapFlowWebhooks();
app.MapGet("/count", static (IngestCounter counter) => counter.Count);
app.Run();

/// <summary>The webhook's payload, bound from JSON.</summary>
public sealed record OrderPlaced(int Id, string Customer, decimal Amount);

/// <summary>Counts the orders the flow has run.</summary>
public sealed class IngestCounter
{
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public void Increment() => Interlocked.Increment(ref _count);
}

/// <summary>Accepts an order and counts it: the cost measured is the webhook ingest, not the steps.</summary>
[Flow("order-ingest")]
[WebhookTrigger("/hooks/orders")]
public sealed partial class OrderIngestFlow(IngestCounter counter)
{
    [Step]
    public void Accept(OrderPlaced order) => counter.Increment();
}
