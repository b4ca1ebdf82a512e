using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Serialization;
using FlowSdk.Components.Rest;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace FlowSdk.Components.Tests;

public sealed record RestItem(int Id, string Name);

public sealed record RestAck(int Id, string? IdempotencyKey);

public sealed record RestWho(string Auth);

[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(RestItem))]
[JsonSerializable(typeof(RestItem[]))]
[JsonSerializable(typeof(RestAck))]
[JsonSerializable(typeof(RestWho))]
[JsonSerializable(typeof(Dictionary<string, string>))]
public sealed partial class RestTestJson : JsonSerializerContext;

/// <summary>Secrets of the test instances, by instance and name.</summary>
public sealed class RestTestSecrets : IFlowSecretSource
{
    public ConcurrentDictionary<(string Instance, string Name), string> Values { get; } = new();

    public ValueTask<string?> GetSecretAsync(string instanceId, string name, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Values.TryGetValue((instanceId, name), out var value) ? value : null);
}

/// <summary>
/// A real Kestrel server on 127.0.0.1 (a free port) serving pages by Link header, cursor and offset; endpoints that
/// need each kind of credentials; an OAuth2 token endpoint that counts its requests; a 500-then-200 endpoint; a sink.
/// </summary>
public sealed class RestTestServer : IAsyncDisposable
{
    public const string ApiKey = "key-7f3a9c21d4";
    public const string BearerToken = "static-bearer-5e8b";
    public const string User = "svc-user";
    public const string Password = "p@ss:w0rd";
    public const string ClientId = "client-a";
    public const string ClientSecret = "client-secret-91c2";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, bool> _tokens = new();
    private int _tokenRequests;
    private int _flakyCalls;
    private int _pageRequests;

    private RestTestServer(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = null!;

    public int TokenRequests => Volatile.Read(ref _tokenRequests);

    public int FlakyCalls => Volatile.Read(ref _flakyCalls);

    public int PageRequests => Volatile.Read(ref _pageRequests);

    /// <summary>How long the token endpoint takes to answer (so concurrent callers really overlap).</summary>
    public TimeSpan TokenDelay { get; set; } = TimeSpan.FromMilliseconds(150);

    public int TokenLifetimeSeconds { get; set; } = 60;

    public ConcurrentQueue<(RestItem Item, string? IdempotencyKey, string? Tenant)> Sunk { get; } = new();

    public ConcurrentQueue<string> LastIssued { get; } = new();

    /// <summary>Makes the API reject <paramref name="token"/> from now on (revoked before its expiry).</summary>
    public void Revoke(string token) => _tokens[token] = false;

    public static async Task<RestTestServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production, ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, RestTestJson.Default));
        var app = builder.Build();
        var server = new RestTestServer(app);
        server.Map(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseAddress = new Uri(address + "/");
        return server;
    }

    public static RestItem[] Items(int from, int count) => [.. Enumerable.Range(from, count).Select(i => new RestItem(i, $"item-{i}"))];

    private void Map(WebApplication app)
    {
        // Link header: 7 items, 3 per page, page numbers in the query.
        app.MapGet("/link/items", (HttpContext http, int? page) =>
        {
            Interlocked.Increment(ref _pageRequests);
            var p = page ?? 1;
            var items = Items(((p - 1) * 3) + 1, Math.Min(3, 7 - ((p - 1) * 3)));
            if (p < 3)
            {
                http.Response.Headers.Append("Link", $"<{BaseAddress}link/items?page={p + 1}>; rel=\"next\", <{BaseAddress}link/items?page=3>; rel=\"last\"");
            }

            return Results.Json(items, RestTestJson.Default.RestItemArray);
        });

        // Cursor: 5 items, 2 per page, items and cursor nested; the cursor is the next id.
        app.MapGet("/cursor/items", (string? cursor) =>
        {
            Interlocked.Increment(ref _pageRequests);
            var from = cursor is null ? 1 : int.Parse(cursor, System.Globalization.CultureInfo.InvariantCulture);
            var items = Items(from, Math.Min(2, 6 - from));
            var next = from + 2 <= 5 ? $"\"{from + 2}\"" : "null";
            var itemsJson = System.Text.Json.JsonSerializer.Serialize(items, RestTestJson.Default.RestItemArray);
            return Results.Text("{\"meta\":{\"total\":5,\"next\":" + next + "},\"data\":{\"count\":" + items.Length + ",\"items\":" + itemsJson + "}}", "application/json");
        });

        // Offset and limit over `total` items; a bare array per page.
        app.MapGet("/offset/items", (int offset, int limit, int? total) =>
        {
            Interlocked.Increment(ref _pageRequests);
            var all = total ?? 250;
            return Results.Json(Items(offset + 1, Math.Max(0, Math.Min(limit, all - offset))), RestTestJson.Default.RestItemArray);
        });

        app.MapGet("/auth/header", (HttpContext http) =>
            http.Request.Headers["X-Api-Key"] == ApiKey ? Results.Json(new RestWho("header"), RestTestJson.Default.RestWho) : Results.Unauthorized());
        app.MapGet("/auth/query", (HttpContext http) =>
            http.Request.Query["api_key"] == ApiKey && http.Request.Query["api_key"].Count == 1 ? Results.Json(new RestWho("query"), RestTestJson.Default.RestWho) : Results.Unauthorized());
        app.MapGet("/auth/bearer", (HttpContext http) =>
            http.Request.Headers.Authorization == $"Bearer {BearerToken}" ? Results.Json(new RestWho("bearer"), RestTestJson.Default.RestWho) : Results.Unauthorized());
        app.MapGet("/auth/basic", (HttpContext http) =>
            http.Request.Headers.Authorization == "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{Password}"))
                ? Results.Json(new RestWho("basic"), RestTestJson.Default.RestWho)
                : Results.Unauthorized());

        app.MapPost("/oauth/token", async (HttpContext http) =>
        {
            Interlocked.Increment(ref _tokenRequests);
            var form = await http.Request.ReadFormAsync();
            var (id, secret) = ((string?)form["client_id"], (string?)form["client_secret"]);
            if (http.Request.Headers.Authorization.ToString() is { Length: > 6 } basic && basic.StartsWith("Basic ", StringComparison.Ordinal))
            {
                var pair = Encoding.UTF8.GetString(Convert.FromBase64String(basic[6..])).Split(':');
                (id, secret) = (Uri.UnescapeDataString(pair[0]), Uri.UnescapeDataString(pair[1]));
            }

            if (form["grant_type"] != "client_credentials" || id != ClientId || secret != ClientSecret)
            {
                return Results.Json(new Dictionary<string, string> { ["error"] = "invalid_client" }, RestTestJson.Default.DictionaryStringString, statusCode: 401);
            }

            await Task.Delay(TokenDelay);
            var token = $"tok-{Guid.NewGuid():N}";
            _tokens[token] = true;
            LastIssued.Enqueue(token);
            return Results.Text($$"""{"access_token":"{{token}}","token_type":"Bearer","expires_in":{{TokenLifetimeSeconds}},"scope":"{{form["scope"]}}"}""", "application/json");
        });
        app.MapGet("/oauth/items", (HttpContext http) =>
        {
            var header = http.Request.Headers.Authorization.ToString();
            return header.StartsWith("Bearer ", StringComparison.Ordinal) && _tokens.TryGetValue(header[7..], out var valid) && valid
                ? Results.Json(new RestWho("oauth2"), RestTestJson.Default.RestWho)
                : Results.Unauthorized();
        });
        app.MapGet("/oauth/always-401", () => Results.Unauthorized());

        app.MapGet("/flaky", () => Interlocked.Increment(ref _flakyCalls) == 1
            ? Results.StatusCode(500)
            : Results.Json(new RestWho("flaky"), RestTestJson.Default.RestWho));

        app.MapPost("/sink", (HttpContext http, RestItem item) =>
        {
            var key = (string?)http.Request.Headers["Idempotency-Key"];
            Sunk.Enqueue((item, key, http.Request.Headers["X-Tenant"]));
            return Results.Json(new RestAck(item.Id, key), RestTestJson.Default.RestAck, statusCode: 201);
        });
        app.MapPost("/echo", (HttpContext http) => Results.Json(
            new Dictionary<string, string>
            {
                ["header"] = http.Request.Headers["X-Correlation-Id"].ToString(),
                ["query"] = http.Request.QueryString.Value ?? "",
                ["contentType"] = http.Request.ContentType ?? "",
            },
            RestTestJson.Default.DictionaryStringString));
    }

    /// <summary>A container with <see cref="RestClient"/>, the secrets and a fast retry; a fake clock when given.</summary>
    public static ServiceProvider Client(RestTestSecrets secrets, FakeTimeProvider? time = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        if (time is not null)
        {
            services.AddSingleton<TimeProvider>(time);
        }

        services.AddSingleton<IFlowSecretSource>(secrets);
        services.AddFlowRestClient(RestClient.DefaultClientName, o => o.Retry.Delay = TimeSpan.FromMilliseconds(20));
        return services.BuildServiceProvider();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
