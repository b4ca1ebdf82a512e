using System.Net;
using FlowSdk.AspNetCore;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FlowSdk.Hosting.Tests;

/// <summary>Registers single flows the way the generated AddFlows() does, so each test hosts only what it needs.</summary>
public static class TestServices
{
    public static IServiceCollection AddTestFlow<TFlow, TIn, TOut>(this IServiceCollection services, FlowDefinition definition)
        where TFlow : class, IFlow<TIn, TOut>
    {
        services.AddFlow<TFlow, TIn, TOut>(definition);
        services.AddFlowHosting();
        return services;
    }

    /// <summary>A flow whose triggers enter through entries: its queue carries the generated FlowInput.</summary>
    public static IServiceCollection AddTestFlow<TFlow, TIn, TOut>(this IServiceCollection services, FlowDefinition definition, IReadOnlyList<FlowEntry<TIn>> entries)
        where TFlow : class, IFlow<TIn, TOut>
    {
        services.AddFlow<TFlow, TIn, TOut>(definition, entries);
        services.AddFlowHosting();
        return services;
    }
}

/// <summary>A real Kestrel server on 127.0.0.1 with a free port, plus a real HttpClient.</summary>
public sealed class WebTestHost : IAsyncDisposable
{
    private WebTestHost(WebApplication app, HttpClient client)
    {
        App = app;
        Client = client;
    }

    public WebApplication App { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => App.Services;

    public static async Task<WebTestHost> StartAsync(Action<IServiceCollection> services, IDictionary<string, string?>? configuration = null, Action<WebApplication>? configureApp = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Development, ContentRootPath = EmptyContentRoot.Path });
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        if (configuration is not null)
        {
            builder.Configuration.AddInMemoryCollection(configuration);
        }

        services(builder.Services);
        var app = builder.Build();
        app.MapFlowWebhooks();
        configureApp?.Invoke(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var client = new HttpClient { BaseAddress = new Uri(address), Timeout = Probe.Timeout };
        return new WebTestHost(app, client);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}

/// <summary>A worker host without a web server.</summary>
public static class WorkerTestHost
{
    public static async Task<IHost> StartAsync(Action<IServiceCollection> services, IDictionary<string, string?>? configuration = null, TimeSpan? shutdownTimeout = null, LogCapture? logs = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Development, ContentRootPath = EmptyContentRoot.Path });
        builder.Logging.ClearProviders();
        if (logs is not null)
        {
            builder.Logging.SetMinimumLevel(LogLevel.Debug);
            builder.Logging.AddProvider(logs);
            builder.Logging.AddFilter<LogCapture>(_ => true);
        }

        if (configuration is not null)
        {
            builder.Configuration.AddInMemoryCollection(configuration);
        }

        if (shutdownTimeout is { } timeout)
        {
            builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = timeout);
        }

        services(builder.Services);
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }
}

/// <summary>A content root without appsettings files, so no file from the output folder configures a test host.</summary>
public static class EmptyContentRoot
{
    public static string Path { get; } = System.IO.Directory.CreateDirectory(System.IO.Path.Combine(System.IO.Path.GetTempPath(), "flowsdk-hosting-tests-root")).FullName;
}

public static class HttpAssert
{
    public static async Task<string> Status(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        Assert.DoesNotMatch(@"\bat [\w\.`<>]+\(", body);
        Assert.DoesNotContain("Exception", body, StringComparison.Ordinal);
        return body;
    }
}
