using System.Net;
using System.Net.Http.Headers;
using FlowSdk.Instances;
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
using Xunit;

namespace FlowSdk.Instances.Tests;

/// <summary>A real Kestrel server on 127.0.0.1 and a free port, with the management API on a real SQLite file.</summary>
public class ManagementServer : IAsyncLifetime
{
    public const string AdminKey = "admin-7f3c1e9a5b2d4c6e8a0b1c2d3e4f5a6b";
    public const string ReaderKey = "reader-0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "flowsdk-tests", Guid.NewGuid().ToString("N"));
    private WebApplication _app = null!;

    public CapturingLoggerProvider Logs { get; } = new();

    public IServiceProvider Services => _app.Services;

    public Uri BaseAddress { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders().AddProvider(Logs).SetMinimumLevel(LogLevel.Trace);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["FlowSdk:Management:ApiKeys:0:Name"] = "ops",
            ["FlowSdk:Management:ApiKeys:0:Key"] = AdminKey,
            ["FlowSdk:Management:ApiKeys:0:Role"] = "Admin",
            ["FlowSdk:Management:ApiKeys:1:Name"] = "dashboard",
            ["FlowSdk:Management:ApiKeys:1:Key"] = ReaderKey,
            ["FlowSdk:Management:ApiKeys:1:Role"] = "Reader",
        });
        builder.Services.AddFlowInstances(TestSecrets.Configure).UseSqlite(o => o.Path = DatabasePath);
        builder.Services.AddInstanceConfiguration("customer-sync", TestJsonContext.Default.CustomerSyncConfig).ValidateDataAnnotations();
        builder.Services.AddFlowManagement(builder.Configuration.GetSection("FlowSdk:Management"));
        ConfigureServices(builder.Services);

        _app = builder.Build();
        _app.UseAuthentication();
        _app.UseAuthorization();
        _app.MapFlowManagement("/manage");
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        BaseAddress = new Uri(address);
    }

    public async Task DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    /// <summary>Where the server keeps its SQLite file.</summary>
    protected virtual string DatabasePath => Path.Combine(_folder, "flows.db");

    /// <summary>Adds services a variant of the server needs.</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    /// <summary>Runs a statement on the server's SQLite file directly, as damage from outside would.</summary>
    public async Task ExecuteSqlAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    public HttpClient Client(string? apiKey)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        }

        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }
}
