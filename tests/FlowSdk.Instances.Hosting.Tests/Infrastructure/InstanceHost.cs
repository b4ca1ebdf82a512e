using System.Net;
using System.Net.Http.Headers;
using FlowSdk.Hosting;
using FlowSdk.Management;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FlowSdk.Instances.Hosting.Tests;

/// <summary>
/// A real host on Kestrel (127.0.0.1, a free port) running the test flows as instances on a SQLite file in a temp
/// folder, with the management API and the per-instance webhooks mapped.
/// </summary>
public sealed class InstanceHost : IAsyncDisposable
{
    public const string AdminKey = "admin-5c1d9e7f3a2b4c6d8e0f1a2b3c4d5e6f";
    public static readonly string SecretKey = AesGcmSecretProtector.GenerateKey();

    private readonly string _folder;
    private readonly bool _ownsFolder;
    private readonly WebApplication _app;
    private Task? _stopped;

    private InstanceHost(WebApplication app, string folder, bool ownsFolder, Uri baseAddress)
    {
        _app = app;
        _folder = folder;
        _ownsFolder = ownsFolder;
        Client = new HttpClient { BaseAddress = baseAddress };
    }

    public IServiceProvider Services => _app.Services;

    public HttpClient Client { get; }

    public Recorder Recorder => Services.GetRequiredService<Recorder>();

    public FlowInstanceManager Manager => Services.GetRequiredService<FlowInstanceManager>();

    public InstanceCatalog Catalog => Services.GetRequiredService<InstanceCatalog>();

    /// <summary>A folder for <see cref="StartAsync"/> that several hosts share (nodes on one SQLite file); the caller deletes it.</summary>
    public static string NewFolder() => Path.Combine(Path.GetTempPath(), "flowsdk-instance-hosting-tests", Guid.NewGuid().ToString("N"));

    /// <param name="configure">Changes to the services.</param>
    /// <param name="time">The clock, or the system's.</param>
    /// <param name="management">Whether to map the management API.</param>
    /// <param name="folder">The folder of the SQLite file, shared with other hosts; a new one owned by this host when null.</param>
    /// <param name="beforeStart">Runs after the services are built and before the host starts (to seed the store).</param>
    /// <param name="postgres">A PostgreSQL connection string to store in instead of a SQLite file, or null.</param>
    public static async Task<InstanceHost> StartAsync(Action<IServiceCollection>? configure = null, TimeProvider? time = null, bool management = false, string? folder = null, Func<IServiceProvider, Task>? beforeStart = null, string? postgres = null)
    {
        var ownsFolder = folder is null;
        folder ??= NewFolder();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production, ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["FlowSdk:Management:ApiKeys:0:Name"] = "ops",
            ["FlowSdk:Management:ApiKeys:0:Key"] = AdminKey,
            ["FlowSdk:Management:ApiKeys:0:Role"] = "Admin",
        });
        var services = builder.Services;
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        services.AddSingleton<Recorder>();
        var instances = services.AddFlowInstances(o =>
        {
            o.Keys["test"] = SecretKey;
            o.ActiveKeyId = "test";
        });
        if (postgres is null)
        {
            instances.UseSqlite(o => o.Path = Path.Combine(folder, "flows.db"));
        }
        else
        {
            instances.UsePostgres(o => o.ConnectionString = postgres);
        }

        services.AddInstanceConfiguration("greeting", TestJson.Default.GreetingConfig);
        services.AddInstanceConfiguration("github-push", TestJson.Default.GreetingConfig);
        services.AddFlow<GitHubPushFlow, WebhookRequest, WebhookRequest>(GitHubPushFlow.Definition);
        services.AddInstanceConfiguration("ticking", TestJson.Default.GreetingConfig);
        services.AddFlow<GreetingFlow, Order, Order>(GreetingFlow.Definition);
        services.AddFlow<TickingFlow, ScheduledTick, ScheduledTick>(TickingFlow.Definition);
        services.AddFlow<FairFlow, Order, Order>(FairFlow.Definition);
        services.AddFlowInstancesHosting(o => o.PayloadSerializerOptions = TestJson.Default.Options);
        if (management)
        {
            services.AddFlowManagement(builder.Configuration.GetSection("FlowSdk:Management"));
        }

        configure?.Invoke(services);

        var app = builder.Build();
        if (management)
        {
            app.UseAuthentication();
            app.UseAuthorization();
            app.MapFlowManagement("/manage");
        }

        app.MapFlowInstanceWebhooks();
        if (beforeStart is not null)
        {
            await beforeStart(app.Services);
        }

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new InstanceHost(app, folder, ownsFolder, new Uri(address));
    }

    /// <summary>Deploys an instance through the manager and waits until this node's catalog holds it.</summary>
    public async Task<FlowInstance> DeployAsync(string id, string flowName, string greeting = "Hello", string? webhookSecret = null, bool enabled = true, string? schedule = null, bool refresh = true)
    {
        var secrets = new Dictionary<string, string>();
        if (webhookSecret is not null)
        {
            secrets["webhook-secret"] = webhookSecret;
        }

        var instance = await Manager.DeployAsync(new InstanceDeployment
        {
            Id = id,
            FlowName = flowName,
            Customer = "customer of " + id,
            Enabled = enabled,
            ConfigurationJson = flowName is "greeting" or "ticking" ? $$"""{"greeting":"{{greeting}}"}""" : "{}",
            Secrets = secrets,
            Schedule = schedule,
        });
        if (refresh)
        {
            await SeeAsync(instance.Version);
        }

        return instance;
    }

    /// <summary>Reads the store's changes now and waits until the catalog is current with <paramref name="version"/>.</summary>
    public async Task SeeAsync(long version)
    {
        await Catalog.RefreshAsync();
        await Catalog.WaitForVersionAsync(version).WaitAsync(Recorder.Timeout);
    }

    public HttpClient ManagementClient()
    {
        var client = new HttpClient { BaseAddress = Client.BaseAddress };
        client.DefaultRequestHeaders.Add("X-Api-Key", AdminKey);
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }

    /// <summary>Stops the host once (graceful drain, then the shutdown timeout).</summary>
    public Task StopAsync() => _stopped ??= _app.StopAsync();

    public async ValueTask DisposeAsync()
    {
        Recorder.Release();
        await StopAsync();
        await _app.DisposeAsync();
        Client.Dispose();
        SqliteConnection.ClearAllPools();
        if (_ownsFolder && Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
