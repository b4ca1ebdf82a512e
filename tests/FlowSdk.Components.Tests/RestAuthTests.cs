using FlowSdk.Components.Rest;
using Microsoft.Extensions.DependencyInjection;

namespace FlowSdk.Components.Tests;

public sealed class RestAuthTests : IAsyncLifetime
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
        _secrets.Values[("acme", "token")] = RestTestServer.BearerToken;
        _secrets.Values[("acme", "user")] = RestTestServer.User;
        _secrets.Values[("acme", "password")] = RestTestServer.Password;
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _server.DisposeAsync();
    }

    public static TheoryData<string, string> Kinds => new()
    {
        { "header", "auth/header" },
        { "query", "auth/query" },
        { "bearer", "auth/bearer" },
        { "basic", "auth/basic" },
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Each_auth_kind_sends_the_instance_secret_where_the_api_expects_it(string kind, string path)
    {
        var response = await Rest.SendAsync(Endpoint(kind), "acme", RestRequest.Get(path), RestTestJson.Default.RestWho);

        Assert.Equal(kind, response.Value?.Auth);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Without_credentials_each_endpoint_answers_401(string kind, string path)
    {
        var error = await Assert.ThrowsAsync<RestRequestException>(() =>
            Rest.SendAsync(new RestEndpoint(_server.BaseAddress), "acme", RestRequest.Get(path), RestTestJson.Default.RestWho));

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.NotNull(kind);
    }

    [Fact]
    public async Task Query_auth_replaces_a_key_already_in_the_path_rather_than_sending_two()
    {
        var response = await Rest.SendAsync(Endpoint("query"), "acme", RestRequest.Get("auth/query?api_key=stale"), RestTestJson.Default.RestWho);

        Assert.Equal("query", response.Value?.Auth);
    }

    [Fact]
    public async Task A_missing_secret_is_named_and_nothing_is_sent()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            Rest.SendAsync(Endpoint("bearer"), "globex", RestRequest.Get("auth/bearer"), RestTestJson.Default.RestWho));

        Assert.Contains("'globex'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'token'", error.Message, StringComparison.Ordinal);
    }

    private RestEndpoint Endpoint(string kind) => new(_server.BaseAddress)
    {
        Auth = kind switch
        {
            "header" => RestAuth.ApiKeyInHeader("X-Api-Key", "api-key"),
            "query" => RestAuth.ApiKeyInQuery("api_key", "api-key"),
            "bearer" => RestAuth.Bearer("token"),
            _ => RestAuth.Basic("user", "password"),
        },
    };
}
