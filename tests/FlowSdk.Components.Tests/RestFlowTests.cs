using FlowSdk.Components.Rest;
using Microsoft.Extensions.DependencyInjection;

namespace FlowSdk.Components.Tests;

/// <summary>A generated flow: a [Split] over the paginated reader, a step posting each item, run through RunAsync.</summary>
public sealed class RestFlowTests : IAsyncLifetime
{
    private readonly RestTestSecrets _secrets = new();
    private RestTestServer _server = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _server = await RestTestServer.StartAsync();
        _services = RestTestServer.Client(_secrets);
        _secrets.Values[("acme", "source-api-key")] = RestTestServer.ApiKey;
        _secrets.Values[("acme", "target-client-secret")] = RestTestServer.ClientSecret;
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Every_item_of_every_page_is_posted_with_its_own_headers()
    {
        var flow = new RestSyncFlow(_services.GetRequiredService<RestClient>());
        var settings = new RestSyncSettings
        {
            SourceUrl = _server.BaseAddress.AbsoluteUri,
            PageSize = 10,
            TargetUrl = _server.BaseAddress.AbsoluteUri,
            TokenUrl = new Uri(_server.BaseAddress, "oauth/token").AbsoluteUri,
            ClientId = RestTestServer.ClientId,
            Tenant = "acme-eu",
        };
        var context = new FlowContext("rest-sync", "acme", settings);

        var result = await flow.RunAsync("offset/items?total=35", context);

        Assert.Equal(FlowOutcome.Completed, result.Outcome);
        Assert.Equal(35, result.CompletedItems);
        Assert.Equal(0, result.FailedItems);
        Assert.Equal(4, _server.PageRequests);
        Assert.Equal(1, _server.TokenRequests);
        var sunk = _server.Sunk.OrderBy(s => s.Item.Id).ToList();
        Assert.Equal(Enumerable.Range(1, 35), sunk.Select(s => s.Item.Id));
        Assert.All(sunk, s => Assert.Equal($"{context.ExecutionId:N}-{s.Item.Id}", s.IdempotencyKey));
        Assert.All(sunk, s => Assert.Equal("acme-eu", s.Tenant));
        Assert.Equal(35, result.Output?.Id);
    }

    [Fact]
    public async Task A_failing_source_fails_the_run_at_the_split_with_a_redacted_error()
    {
        var flow = new RestSyncFlow(_services.GetRequiredService<RestClient>());
        var settings = new RestSyncSettings
        {
            SourceUrl = _server.BaseAddress.AbsoluteUri,
            TargetUrl = _server.BaseAddress.AbsoluteUri,
            TokenUrl = new Uri(_server.BaseAddress, "oauth/token").AbsoluteUri,
            ClientId = RestTestServer.ClientId,
        };

        var result = await flow.RunAsync("no-such-resource", new FlowContext("rest-sync", "acme", settings));

        Assert.Equal(FlowOutcome.Failed, result.Outcome);
        var error = Assert.IsType<RestRequestException>(result.Exception);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, error.StatusCode);
    }
}
