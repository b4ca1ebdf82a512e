using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FlowSdk;
using FlowSdk.Hosting;
using FlowSdk.Instances;

// The web app the webhook ingest benchmark loads, on one Kestrel server (loopback, where --urls says):
// - POST /bare: a bare minimal-API endpoint that reads the whole body into a pooled buffer and answers 202;
// - POST /bare-bind: the same, and it also deserializes the body into the webhook's payload type;
// - POST /hooks/orders: the FlowSdk webhook flow mapped by MapFlowWebhooks() (no signature);
// - POST /hooks/orders/bench: the same flow's webhook for instance "bench", mapped by MapFlowInstanceWebhooks(), which
//   verifies the Standard Webhooks signature with the instance's secret (docs/webhook-signatures.md);
// - POST /hooks/orders-durable/bench-durable: the same for a flow left durable, the default with a store: the message
//   and its delivery id are stored before the 202;
// - POST /hooks/orders-failures/bench-failures: as /hooks/orders/bench for a flow whose history keeps only failures
//   (FlowOptions.History), so a completed execution writes no history row.
// `WebhookIngest sign <folder> <body> <count> <id prefix>...` writes what the load generator needs to sign its requests.
if (args is ["sign", ..])
{
    return SignedRequests.Write(args[1..]);
}

var folder = Path.Combine(Path.GetTempPath(), "flowsdk-webhook-ingest", Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
Directory.CreateDirectory(folder);

// FLOWSDK_INGEST_POSTGRES (an Npgsql connection string) puts the store on that server, in a schema of its own dropped
// at the end; without it the store is a SQLite file in the temp folder.
var server = Environment.GetEnvironmentVariable("FLOWSDK_INGEST_POSTGRES");
var schema = "ingest_" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
var postgres = string.IsNullOrEmpty(server) ? null : await IngestSchema.CreateAsync(server, schema);
try
{
    var builder = WebApplication.CreateSlimBuilder(args);
    builder.Logging.ClearProviders();
    builder.Services.AddSingleton<IngestCounter>();
    builder.Services.AddFlows();

    // Both FlowSdk endpoints keep the flow's queue in memory: the store holds the instance, its secret and the signed
    // requests' delivery ids (a redelivery must be answered like the first), not the messages.
    builder.Services.Configure<FlowOptions>("order-ingest", options =>
    {
        options.Capacity = 65_536;
        options.Durable = false;
    });
    builder.Services.Configure<FlowOptions>("order-ingest-failures", options =>
    {
        options.Capacity = 65_536;
        options.Durable = false;
        options.History = FlowHistoryMode.Failures;
    });
    builder.Services.Configure<FlowOptions>("order-ingest-durable", options => options.Capacity = 65_536);
    var instances = builder.Services.AddFlowInstances(o =>
    {
        o.Keys["bench"] = AesGcmSecretProtector.GenerateKey();
        o.ActiveKeyId = "bench";
    });
    if (postgres is not null)
    {
        instances.UsePostgres(o => o.ConnectionString = postgres);
    }
    else
    {
        instances.UseSqlite(o => o.Path = Path.Combine(folder, "flows.db"));
    }

    builder.Services.AddFlowInstancesHosting();

    var app = builder.Build();
    var json = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
    var orderType = (System.Text.Json.Serialization.Metadata.JsonTypeInfo<OrderPlaced>)json.GetTypeInfo(typeof(OrderPlaced));
    app.MapPost("/bare", static async (HttpRequest request) =>
    {
        var (buffer, length) = await BareBody.ReadAsync(request);
        ArrayPool<byte>.Shared.Return(buffer);
        return length > 0 ? Results.Accepted() : Results.BadRequest();
    });
    app.MapPost("/bare-bind", async (HttpRequest request) =>
    {
        var (buffer, length) = await BareBody.ReadAsync(request);
        try
        {
            return JsonSerializer.Deserialize(buffer.AsSpan(0, length), orderType) is not null ? Results.Accepted() : Results.BadRequest();
        }
        catch (JsonException)
        {
            return Results.BadRequest();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    });
    app.MapFlowWebhooks();
    app.MapFlowInstanceWebhooks();
    app.MapGet("/count", static (IngestCounter counter) => counter.Count);
    var ready = new TaskCompletionSource();
    app.MapGet("/ready", () => ready.Task.IsCompleted ? Results.Text("ready") : Results.StatusCode(StatusCodes.Status503ServiceUnavailable));

    await app.StartAsync();
    var manager = app.Services.GetRequiredService<FlowInstanceManager>();
    FlowInstance? instance = null;
    foreach (var (id, flow) in new[] { ("bench", "order-ingest"), ("bench-failures", "order-ingest-failures"), ("bench-durable", "order-ingest-durable") })
    {
        instance = await manager.DeployAsync(new InstanceDeployment
        {
            Id = id,
            FlowName = flow,
            Secrets = new Dictionary<string, string> { ["webhook-secret"] = SignedRequests.Secret },
        });
    }

    var catalog = app.Services.GetRequiredService<InstanceCatalog>();
    await catalog.RefreshAsync();
    await catalog.WaitForVersionAsync(instance!.Version);
    ready.SetResult();
    await app.WaitForShutdownAsync();
    return 0;
}
finally
{
    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    Directory.Delete(folder, recursive: true);
    if (postgres is not null)
    {
        await IngestSchema.DropAsync(server!, schema);
    }
}

/// <summary>The PostgreSQL schema the store lives in when the benchmark runs on a server.</summary>
internal static class IngestSchema
{
    public static async Task<string> CreateAsync(string server, string schema)
    {
        await RunAsync(server, $"CREATE SCHEMA {schema}");
        return new Npgsql.NpgsqlConnectionStringBuilder(server) { SearchPath = schema }.ConnectionString;
    }

    public static async Task DropAsync(string server, string schema)
    {
        Npgsql.NpgsqlConnection.ClearAllPools();
        await RunAsync(server, $"DROP SCHEMA IF EXISTS {schema} CASCADE");
    }

    private static async Task RunAsync(string server, string sql)
    {
        await using var connection = new Npgsql.NpgsqlConnection(server);
        await connection.OpenAsync();
#pragma warning disable CA2100 // The schema name is made here from the process id.
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
#pragma warning restore CA2100
        await command.ExecuteNonQueryAsync();
    }
}

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

/// <summary>The same flow with a history of failures only: a completed execution leaves no row.</summary>
[Flow("order-ingest-failures")]
[WebhookTrigger("/hooks/orders-failures")]
public sealed partial class FailuresOnlyOrderIngestFlow(IngestCounter counter)
{
    [Step]
    public void Accept(OrderPlaced order) => counter.Increment();
}

/// <summary>The same flow left durable (the default with a store): each message is stored before it is acknowledged.</summary>
[Flow("order-ingest-durable")]
[WebhookTrigger("/hooks/orders-durable")]
public sealed partial class DurableOrderIngestFlow(IngestCounter counter)
{
    [Step]
    public void Accept(OrderPlaced order) => counter.Increment();
}

/// <summary>What the bare endpoints do with the body: read all of it into a pooled buffer.</summary>
internal static class BareBody
{
    public static async Task<(byte[] Buffer, int Length)> ReadAsync(HttpRequest request)
    {
        var buffer = ArrayPool<byte>.Shared.Rent((int)(request.ContentLength ?? 4096));
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                buffer.AsSpan(0, length).CopyTo(larger);
                ArrayPool<byte>.Shared.Return(buffer);
                buffer = larger;
            }

            var read = await request.Body.ReadAsync(buffer.AsMemory(length), request.HttpContext.RequestAborted);
            if (read == 0)
            {
                return (buffer, length);
            }

            length += read;
        }
    }
}

/// <summary>The Standard Webhooks signatures the load generator sends to the instances.</summary>
internal static class SignedRequests
{
    /// <summary>The instances' webhook secret: <c>whsec_</c> and the base64 of 32 bytes.</summary>
    public static readonly string Secret = "whsec_" + Convert.ToBase64String("flowsdk-webhook-ingest-benchmark"u8);

    /// <summary>
    /// For each id prefix args[3..] writes <c>{args[0]}/{prefix}.txt</c>: the current Unix time on the first line, then
    /// args[2] lines, the base64 HMAC-SHA256 over <c>{prefix}{n}.{timestamp}.{body}</c> for n = 0, 1, ... with body args[1].
    /// </summary>
    public static int Write(string[] args)
    {
        if (args.Length < 4 || !int.TryParse(args[2], CultureInfo.InvariantCulture, out var count))
        {
            Console.Error.WriteLine("usage: WebhookIngest sign <folder> <body> <count> <id prefix>...");
            return 2;
        }

        var key = Convert.FromBase64String(Secret["whsec_".Length..]);
        var body = Encoding.UTF8.GetBytes(args[1]);
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var content = new byte[256 + body.Length];
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        foreach (var prefix in args[3..])
        {
            using var writer = new StreamWriter(Path.Combine(args[0], prefix + ".txt"), append: false, Encoding.ASCII);
            writer.WriteLine(timestamp);
            for (var n = 0; n < count; n++)
            {
                var length = Encoding.ASCII.GetBytes($"{prefix}{n}.{timestamp}.", content);
                body.CopyTo(content, length);
                HMACSHA256.HashData(key, content.AsSpan(0, length + body.Length), mac);
                writer.WriteLine(Convert.ToBase64String(mac));
            }
        }

        return 0;
    }
}
