using System.Net;
using FlowSdk.Components.Rest;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace FlowSdk.Components.Tests;

/// <summary>Client-credentials tokens: shared, refreshed before expiry, replaced once when the API rejects one.</summary>
public sealed class RestOAuth2Tests : IAsyncLifetime
{
    private readonly RestTestSecrets _secrets = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero));
    private RestTestServer _server = null!;
    private ServiceProvider _services = null!;

    private RestClient Rest => _services.GetRequiredService<RestClient>();

    public async Task InitializeAsync()
    {
        _server = await RestTestServer.StartAsync();
        _services = RestTestServer.Client(_secrets, _time);
        _secrets.Values[("acme", "client-secret")] = RestTestServer.ClientSecret;
        _secrets.Values[("globex", "client-secret")] = RestTestServer.ClientSecret;
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Concurrent_calls_share_one_token_request()
    {
        var calls = Enumerable.Range(0, 20).Select(_ => Rest.SendAsync(Endpoint(), "acme", RestRequest.Get("oauth/items"), RestTestJson.Default.RestWho));

        var answers = await Task.WhenAll(calls);

        Assert.All(answers, a => Assert.Equal("oauth2", a.Value?.Auth));
        Assert.Equal(1, _server.TokenRequests);
    }

    [Fact]
    public async Task The_token_is_reused_until_shortly_before_expiry_then_refreshed_once()
    {
        _server.TokenLifetimeSeconds = 120; // refresh margin 60 s: a new token from 60 s on
        await Call();
        _time.Advance(TimeSpan.FromSeconds(59));
        await Call();
        Assert.Equal(1, _server.TokenRequests);

        _time.Advance(TimeSpan.FromSeconds(2));
        await Task.WhenAll(Call(), Call(), Call());
        Assert.Equal(2, _server.TokenRequests);
    }

    [Fact]
    public async Task A_short_lived_token_is_refreshed_at_half_its_lifetime()
    {
        _server.TokenLifetimeSeconds = 10;
        await Call();
        _time.Advance(TimeSpan.FromSeconds(4));
        await Call();
        Assert.Equal(1, _server.TokenRequests);

        _time.Advance(TimeSpan.FromSeconds(2));
        await Call();
        Assert.Equal(2, _server.TokenRequests);
    }

    [Fact]
    public async Task A_rejected_token_is_refreshed_once_and_the_calls_retried()
    {
        await Call();
        Assert.True(_server.LastIssued.TryPeek(out var first));
        _server.Revoke(first);

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Call()));

        Assert.All(answers, a => Assert.Equal("oauth2", a.Value?.Auth));
        Assert.Equal(2, _server.TokenRequests);
    }

    [Fact]
    public async Task A_second_401_is_not_retried_again()
    {
        var error = await Assert.ThrowsAsync<RestRequestException>(() =>
            Rest.SendAsync(Endpoint(), "acme", RestRequest.Get("oauth/always-401"), RestTestJson.Default.RestWho));

        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.Equal(2, _server.TokenRequests); // the first token, and one replacement
    }

    [Fact]
    public async Task Tokens_are_cached_per_instance()
    {
        await Call("acme");
        await Call("globex");
        await Call("acme");

        Assert.Equal(2, _server.TokenRequests);
    }

    [Fact]
    public async Task The_client_secret_can_go_in_a_basic_header()
    {
        var endpoint = Endpoint() with { Auth = Endpoint().Auth with { ClientSecretInBody = false } };

        var answer = await Rest.SendAsync(endpoint, "acme", RestRequest.Get("oauth/items"), RestTestJson.Default.RestWho);

        Assert.Equal("oauth2", answer.Value?.Auth);
    }

    [Fact]
    public async Task A_wrong_client_secret_fails_with_the_token_endpoint_and_its_status()
    {
        _secrets.Values[("initech", "client-secret")] = "wrong";

        var error = await Assert.ThrowsAsync<RestRequestException>(() => Call("initech"));

        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.Contains("POST", error.Message, StringComparison.Ordinal);
        Assert.Contains("/oauth/token", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong", error.Message, StringComparison.Ordinal);
    }

    private Task<RestResponse<RestWho>> Call(string instance = "acme") =>
        Rest.SendAsync(Endpoint(), instance, RestRequest.Get("oauth/items"), RestTestJson.Default.RestWho);

    private RestEndpoint Endpoint() => new(_server.BaseAddress)
    {
        Auth = RestAuth.ClientCredentials(new Uri(_server.BaseAddress, "oauth/token"), RestTestServer.ClientId, "client-secret", "items.read"),
    };
}
