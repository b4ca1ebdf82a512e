using FlowSdk.AspNetCore;
using FlowSdk.Hosting.Http;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace CustomerSync;

/// <summary>Builds the worker: the flow, its webhook, the HTTP client of the target system and the demo target.</summary>
public static class CustomerSyncApp
{
    /// <summary>Creates the application; <paramref name="configure"/> may adjust the builder (tests use it).</summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddFlows();
        builder.Services.AddSingleton<DemoCrm>();
        builder.Services.AddSingleton<ConsoleOutcomePrinter>();
        builder.Services.AddSingleton<FlowSdk.Hosting.IFlowExecutionListener>(sp => sp.GetRequiredService<ConsoleOutcomePrinter>());

        // The target system's address: configuration "Crm:BaseUrl", else this worker's own demo endpoint.
        builder.Services.AddFlowHttpClient(CustomerSyncFlow.CrmClient, (services, client) =>
        {
            var configured = services.GetRequiredService<IConfiguration>()["Crm:BaseUrl"];
            client.BaseAddress = new Uri(configured ?? SelfAddress(services) + "/");
        });
        configure?.Invoke(builder);

        var app = builder.Build();
        app.MapFlowWebhooks();
        app.MapPost("/demo/crm/contacts", (CrmContact contact, DemoCrm crm) => crm.Create(contact));
        return app;
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
