using System.Net;
using System.Net.Http.Headers;
using System.Text;
using FlowSdk.Hosting;
using FlowSdk.Instances;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FlowSdk.Dashboard.Tests;

/// <summary>
/// A real host on Kestrel (127.0.0.1, a free port): the order flow as instances on a SQLite file in a temp folder, the
/// per-instance webhooks, the management API and the dashboard at /manage/ui/.
/// </summary>
public sealed class DashboardHost : IAsyncDisposable
{
    public const string AdminKey = "admin-3e5a7c9b1d2f4a6c8e0b2d4f6a8c0e1f";
    public const string ReaderKey = "reader-9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a";
    public static readonly string SecretKey = AesGcmSecretProtector.GenerateKey();

    private readonly string _folder;
    private readonly WebApplication _app;

    private DashboardHost(WebApplication app, string folder, Uri baseAddress)
    {
        _app = app;
        _folder = folder;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>The dashboard's address.</summary>
    public string Ui => new Uri(BaseAddress, "/manage/ui/").ToString();

    public DeadLetterSignal DeadLetters => Services.GetRequiredService<DeadLetterSignal>();

    public string DatabasePath => Path.Combine(_folder, "flows.db");

    /// <param name="flow">Overrides the order flow's options (its journal, say).</param>
    public static async Task<DashboardHost> StartAsync(Action<FlowOptions>? flow = null)
    {
        var folder = Path.Combine(Path.GetTempPath(), "flowsdk-dashboard-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production, ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["FlowSdk:Management:ApiKeys:0:Name"] = "ops",
            ["FlowSdk:Management:ApiKeys:0:Key"] = AdminKey,
            ["FlowSdk:Management:ApiKeys:0:Role"] = "Admin",
            ["FlowSdk:Management:ApiKeys:1:Name"] = "viewer",
            ["FlowSdk:Management:ApiKeys:1:Key"] = ReaderKey,
            ["FlowSdk:Management:ApiKeys:1:Role"] = "Reader",
        });
        var services = builder.Services;
        services.AddFlowInstances(o =>
        {
            o.Keys["test"] = SecretKey;
            o.ActiveKeyId = "test";
        }).UseSqlite(o => o.Path = Path.Combine(folder, "flows.db"));
        services.AddInstanceConfiguration("order-push", DashboardJson.Default.ShopConfig).ValidateDataAnnotations();
        services.AddFlow<OrderFlow, Order, Order>(OrderFlow.Definition);
        if (flow is not null)
        {
            services.Configure("order-push", flow);
        }

        services.AddSingleton<DeadLetterSignal>();
        services.AddSingleton<FlowSdk.Hosting.IFlowDeadLetterSink>(sp => sp.GetRequiredService<DeadLetterSignal>());
        services.AddFlowInstancesHosting(o => o.PayloadSerializerOptions = DashboardJson.Default.Options);
        services.AddFlowManagement(builder.Configuration.GetSection("FlowSdk:Management"));

        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapFlowManagement("/manage");
        app.MapFlowDashboard("/manage");
        app.MapFlowInstanceWebhooks();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new DashboardHost(app, folder, new Uri(address));
    }

    /// <summary>An HTTP client with an API key (or none).</summary>
    public HttpClient Client(string? apiKey = AdminKey)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        }

        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }

    /// <summary>Deploys an instance through the management API with a known webhook secret.</summary>
    public async Task DeployAsync(string id, string webhookSecret, string shopUrl = "https://shop.example/api")
    {
        using var client = Client();
        var body = $$$"""{"id":"{{{id}}}","flow":"order-push","customer":"Customer {{{id}}}","configuration":{"shopUrl":"{{{shopUrl}}}"},"secrets":{"webhook-secret":"{{{webhookSecret}}}"}}""";
        using var response = await client.PostAsync("/manage/instances", new StringContent(body, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        await SeeAsync(System.Text.Json.JsonDocument.Parse(text).RootElement.GetProperty("version").GetInt64());
    }

    /// <summary>Reads the store's changes now and waits until this node's catalog is current with <paramref name="version"/>.</summary>
    public async Task SeeAsync(long version)
    {
        var catalog = Services.GetRequiredService<InstanceCatalog>();
        await catalog.RefreshAsync();
        await catalog.WaitForVersionAsync(version).WaitAsync(DeadLetterSignal.Timeout);
    }

    /// <summary>Posts an order to an instance's webhook, signed as a Standard Webhooks sender signs it; returns the execution id.</summary>
    public async Task<Guid> PostOrderAsync(string instanceId, string webhookSecret, Order order)
    {
        var body = System.Text.Json.JsonSerializer.Serialize(order, DashboardJson.Default.Order);
        var sentAt = DateTimeOffset.UtcNow;
        var messageId = "msg_" + Guid.NewGuid().ToString("N");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/hooks/orders/{instanceId}")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("webhook-id", messageId);
        request.Headers.Add("webhook-timestamp", sentAt.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", new StandardWebhooks.StandardWebhook(webhookSecret).Sign(messageId, sentAt, body));
        using var client = Client(null);
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, text);
        return System.Text.Json.JsonDocument.Parse(text).RootElement.GetProperty("executionId").GetGuid();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
