using System.Net;
using FlowSdk.Components.Rest;
using Microsoft.Extensions.DependencyInjection;

namespace FlowSdk.Components.Tests;

public sealed class RestErrorTests : IAsyncLifetime
{
    private readonly RestTestSecrets _secrets = new();
    private RestTestServer _server = null!;
    private ServiceProvider _services = null!;

    private RestClient Rest => _services.GetRequiredService<RestClient>();

    public async Task InitializeAsync()
    {
        _server = await RestTestServer.StartAsync();
        _services = RestTestServer.Client(_secrets);
        _secrets.Values[("acme", "api-key")] = RestTestServer.ApiKey;
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task A_500_is_retried_by_the_standard_resilience_handler()
    {
        var answer = await Rest.SendAsync(new RestEndpoint(_server.BaseAddress), "acme", RestRequest.Get("flaky"), RestTestJson.Default.RestWho);

        Assert.Equal("flaky", answer.Value?.Auth);
        Assert.Equal(2, _server.FlakyCalls);
    }

    [Fact]
    public async Task A_404_names_method_url_and_status_but_never_the_query_api_key()
    {
        var endpoint = new RestEndpoint(_server.BaseAddress) { Auth = RestAuth.ApiKeyInQuery("api_key", "api-key") };

        var error = await Assert.ThrowsAsync<RestRequestException>(() =>
            Rest.SendAsync(endpoint, "acme", RestRequest.Get("missing").WithQuery("q", "x y"), RestTestJson.Default.RestWho));

        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Equal(HttpMethod.Get, error.Method);
        Assert.Equal($"{_server.BaseAddress}missing?q=x%20y&api_key=***", error.Url);
        Assert.Equal($"GET {error.Url} answered 404 NotFound.", error.Message);
        Assert.DoesNotContain(RestTestServer.ApiKey, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Per_request_headers_query_and_json_body_are_sent()
    {
        var request = RestRequest.Post("echo")
            .WithHeader("X-Correlation-Id", "corr-42")
            .WithQuery("since", "2026-11-30T00:00:00Z")
            .WithJsonBody(new RestItem(1, "one"), RestTestJson.Default.RestItem);

        var answer = await Rest.SendAsync(new RestEndpoint(_server.BaseAddress), "acme", request, RestTestJson.Default.DictionaryStringString);

        Assert.Equal("corr-42", answer.Value!["header"]);
        Assert.Equal("?since=2026-11-30T00%3A00%3A00Z", answer.Value["query"]);
        Assert.Equal("application/json; charset=utf-8", answer.Value["contentType"]);
    }
}
