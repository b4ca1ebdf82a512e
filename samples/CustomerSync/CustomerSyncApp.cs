using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using FlowSdk.Instances;
using FlowSdk.Management;
using FlowSdk.Storage.Sqlite;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace CustomerSync;

/// <summary>
/// Builds the worker: the customer-sync flow and its scheduled contact check, run as one instance per customer from the
/// embedded SQLite instance store; the signed per-instance webhooks; the management API; and the demo CRM.
/// </summary>
public static class CustomerSyncApp
{
    /// <summary>Configuration key of the SQLite file; default <see cref="DefaultDatabasePath"/>.</summary>
    public const string DatabaseKey = "CustomerSync:Database";

    /// <summary>Configuration key of the AES-256 key (base64) that encrypts instance secrets; default a key file next to the database.</summary>
    public const string SecretKeyKey = "CustomerSync:SecretKey";

    /// <summary>The SQLite file used when <see cref="DatabaseKey"/> is not set: in the temp folder, kept between runs.</summary>
    public static string DefaultDatabasePath => Path.Combine(Path.GetTempPath(), "flowsdk-samples", "customer-sync.db");

    /// <summary>Creates the application; <paramref name="configure"/> may adjust the builder (tests use it).</summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        UseFreePortWhenTaken(builder);
        builder.Services.AddFlows(); // every flow, its trigger hosts and its instances' settings type (read with SampleJson)

        // Instances: one per customer, in the embedded SQLite store; secrets encrypted with AES-GCM.
        builder.Services.AddFlowInstances(_ => { }).Configure(o => o.WebhookSecretName = CustomerSyncSettings.WebhookSigningSecret).UseSqlite();
        builder.Services.AddOptions<SqliteStoreOptions>().Configure<IConfiguration>((o, c) => o.Path = DatabasePath(c));
        builder.Services.AddOptions<SecretProtectionOptions>().Configure<IConfiguration>((o, c) =>
        {
            o.Keys["sample"] = c[SecretKeyKey] ?? KeyFile.ReadOrCreate(DatabasePath(c) + ".key");
            o.ActiveKeyId = "sample";
        });
        builder.Services.AddFlowInstancesHosting();
        builder.Services.AddHealthChecks().AddFlowInstanceChecks(); // /health/ready: store and instances; /health/live

        // The management API; without configured keys, a demo admin key made up for this run.
        var managementKeys = builder.Configuration.GetSection("FlowSdk:Management");
        var demoKey = managementKeys.GetSection("ApiKeys").GetChildren().Any() ? null : "demo-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        builder.Services.AddSingleton(new ManagementDemoKey(demoKey));
        if (demoKey is null)
        {
            builder.Services.AddFlowManagement(managementKeys);
        }
        else
        {
            builder.Services.AddFlowManagement(o => o.ApiKeys.Add(new ManagementApiKey { Name = "demo", Key = demoKey, Role = ManagementRole.Admin }));
        }

        builder.Services.AddSingleton<DemoCrm>();
        builder.Services.AddSingleton<ContactCheckResults>();
        builder.Services.AddSingleton<ConsoleOutcomePrinter>();
        builder.Services.AddSingleton<FlowSdk.Hosting.IFlowExecutionListener>(sp => sp.GetRequiredService<ConsoleOutcomePrinter>());
        builder.Services.AddFlowRestClient(); // one client for every customer's CRM: addresses and keys are per instance
        configure?.Invoke(builder);

        var app = builder.Build();
        app.MapFlowInstanceWebhooks();
        app.MapFlowManagement("/manage");
        app.MapFlowDashboard("/manage"); // the dashboard at /manage/ui/, signed in with a management key
        app.MapHealthChecks("/health/ready", new() { Predicate = c => c.Tags.Contains(FlowInstancesHealthChecksBuilderExtensions.ReadyTag) });
        app.MapHealthChecks("/health/live", new() { Predicate = c => c.Tags.Contains(FlowInstancesHealthChecksBuilderExtensions.LiveTag) });
        app.MapPost("/demo/crm/{tenant}/contacts", (string tenant, CrmContact contact, HttpRequest request, DemoCrm crm) =>
            crm.Create(tenant, request.Headers[DemoCrm.KeyHeader], contact));
        app.MapGet("/demo/crm/{tenant}/contacts/count", (string tenant, HttpRequest request, DemoCrm crm) =>
            crm.Count(tenant, request.Headers[DemoCrm.KeyHeader]));

        // Demo helper: a ready signed curl command for an instance's webhook (admin key required: it signs as System A).
        app.MapPost("/demo/signed-curl/{instanceId}", async (string instanceId, HttpRequest request, IInstanceStore store) =>
        {
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
            var secrets = await store.GetSecretsAsync(instanceId, request.HttpContext.RequestAborted);
            if (secrets is null || !secrets.TryGetValue(CustomerSyncSettings.WebhookSigningSecret, out var secret))
            {
                return Results.NotFound();
            }

            var self = SelfAddress(request.HttpContext.RequestServices);
            return Results.Text(SignedRequest.Curl(self, instanceId, secret, body, DateTimeOffset.UtcNow) + "\n");
        }).RequireAuthorization(ManagementPolicies.Admin);
        return app;
    }

    /// <summary>
    /// A second copy of the sample, or anything else on the configured port, must not stop the demo: when the one
    /// configured loopback address is taken, listen on a free port instead (the demo prints the address it uses).
    /// </summary>
    private static void UseFreePortWhenTaken(WebApplicationBuilder builder)
    {
        var urls = builder.Configuration["Urls"] ?? builder.Configuration["urls"];
        if (urls is null || urls.Contains(';', StringComparison.Ordinal) || !Uri.TryCreate(urls, UriKind.Absolute, out var uri) ||
            uri.Port == 0 || !IPAddress.TryParse(uri.Host, out var address))
        {
            return;
        }

        try
        {
            using var probe = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            probe.Bind(new IPEndPoint(address, uri.Port));
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            builder.WebHost.UseUrls($"{uri.Scheme}://{uri.Host}:0");
        }
    }

    /// <summary>The SQLite file the app uses with <paramref name="configuration"/>.</summary>
    public static string DatabasePath(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return configuration[DatabaseKey] is { Length: > 0 } path ? Path.GetFullPath(path) : DefaultDatabasePath;
    }

    /// <summary>The first address the server listens on, with 0.0.0.0 / [::] / + replaced by the loopback address.</summary>
    public static string SelfAddress(IServiceProvider services)
    {
        var addresses = services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        var address = addresses?.FirstOrDefault() ?? throw new InvalidOperationException("The server has not started yet.");
        return address.Replace("://+", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://*", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://[::]", "://127.0.0.1", StringComparison.Ordinal)
            .TrimEnd('/');
    }
}

/// <summary>The management API key made up for this run, or null when keys are configured.</summary>
/// <param name="Key">The key.</param>
public sealed record ManagementDemoKey(string? Key);

/// <summary>
/// The sample's secret-encryption key when none is configured: 32 random bytes in a file created on first run, readable
/// by its owner only. A real deployment takes the key from its secret manager instead.
/// </summary>
internal static class KeyFile
{
    private static readonly Lock s_gate = new();

    public static string ReadOrCreate(string path)
    {
        lock (s_gate)
        {
            if (File.Exists(path))
            {
                return File.ReadAllText(path).Trim();
            }

            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var key = AesGcmSecretProtector.GenerateKey();
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using (var writer = new StreamWriter(path, Encoding.ASCII, options))
            {
                writer.Write(key);
            }

            return key;
        }
    }
}
