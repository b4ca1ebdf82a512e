using System.Net;
using FlowSdk.Hosting.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace FlowSdk.Hosting.Tests;

public sealed class HttpStepTests
{
    private static string SelfAddress(IServiceProvider services) =>
        services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features
            .Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.First() + "/";

    [Fact]
    public async Task Post_put_and_get_json_and_the_response_replaces_the_payload()
    {
        var host = await WebTestHost.StartAsync(s => s.AddFlowHosting().AddFlowHttpClient("self", (sp, c) => c.BaseAddress = new Uri(SelfAddress(sp))), configureApp: app =>
        {
            app.MapPost("/contacts", (Customer c) => Results.Created("/contacts/1", new Greeting($"created {c.Name}")));
            app.MapPut("/contacts/1", (Customer c) => Results.Ok(new Greeting($"updated {c.Name}")));
            app.MapGet("/contacts/1", () => Results.Ok(new Greeting("read")));
        });
        await using var _ = host;
        var http = host.Services.GetRequiredService<FlowHttpClient>();

        var created = await http.PostAsync<Customer, Greeting>("self", "contacts", new Customer("a", "Ada", true));
        var updated = await http.PutAsync<Customer, Greeting>("self", "contacts/1", new Customer("a", "Ada", true));
        var read = await http.GetAsync<Greeting>("self", "contacts/1");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("created Ada", created.Value?.Message);
        Assert.Equal("updated Ada", updated.Value?.Message);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal("read", read.Value?.Message);
    }

    [Fact]
    public async Task A_non_success_status_throws_with_the_status_code()
    {
        var host = await WebTestHost.StartAsync(s => s.AddFlowHosting().AddFlowHttpClient("self", (sp, c) => c.BaseAddress = new Uri(SelfAddress(sp))), configureApp: app =>
            app.MapPost("/contacts", () => Results.Conflict()));
        await using var _ = host;
        var http = host.Services.GetRequiredService<FlowHttpClient>();

        var error = await Assert.ThrowsAsync<FlowHttpException>(() => http.PostAsync<Customer, Greeting>("self", "contacts", new Customer("a", "Ada", true)));

        Assert.Equal(HttpStatusCode.Conflict, error.StatusCode);
        Assert.Contains("409", error.Message, StringComparison.Ordinal);
    }
}
