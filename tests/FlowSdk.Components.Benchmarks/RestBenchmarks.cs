using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using BenchmarkDotNet.Attributes;
using FlowSdk.Components.Rest;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FlowSdk.Components.Benchmarks;

public sealed record RestBenchItem(int Id, string Name, string Email, DateTimeOffset UpdatedAt);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(RestBenchItem))]
[JsonSerializable(typeof(RestBenchItem[]))]
public sealed partial class RestBenchJson : JsonSerializerContext;

/// <summary>
/// Paging through 10,000 items, 100 per page (offset and limit), from an in-process Kestrel server on loopback:
/// <see cref="RestClient.PaginateAsync{T}"/> (named client with the standard resilience handler, an API key header read
/// from the secret source on every page) beside a bare <see cref="HttpClient"/> loop with <c>GetFromJsonAsync</c>.
/// Pages are serialized once at setup, so the server costs the same for both. Per operation = per item.
/// </summary>
[MemoryDiagnoser]
public class RestBenchmarks
{
    private const int Total = 10_000;
    private const int PageSize = 100;
    private const string ApiKey = "bench-api-key";

    private WebApplication _server = null!;
    private HttpClient _bare = null!;
    private ServiceProvider _services = null!;
    private RestClient _rest = null!;
    private RestEndpoint _endpoint = null!;
    private RestEndpoint _endpointWithKey = null!;
    private RestEndpoint _endpointNoResilience = null!;

    [GlobalSetup]
    public void Setup()
    {
        var pages = new Dictionary<int, byte[]>();
        var updated = new DateTimeOffset(2026, 11, 30, 0, 0, 0, TimeSpan.Zero);
        for (var offset = 0; offset <= Total; offset += PageSize)
        {
            var items = Enumerable.Range(offset + 1, Math.Min(PageSize, Total - offset))
                .Select(i => new RestBenchItem(i, $"Customer {i}", $"customer{i}@example.com", updated.AddMinutes(i)))
                .ToArray();
            pages[offset] = JsonSerializer.SerializeToUtf8Bytes(items, RestBenchJson.Default.RestBenchItemArray);
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production, ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        _server = builder.Build();
        _server.MapGet("/items", (int offset, int limit) => Results.Bytes(pages[offset], "application/json"));
        _server.StartAsync().GetAwaiter().GetResult();
        var address = new Uri(_server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");

        _bare = new HttpClient { BaseAddress = address };

        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<FlowSdk.Components.IFlowSecretSource>(new BenchSecrets());
        services.AddFlowRestClient();
        services.AddHttpClient("no-resilience"); // the same paginator without the standard resilience handler
        _services = services.BuildServiceProvider();
        _rest = _services.GetRequiredService<RestClient>();
        _endpoint = new RestEndpoint(address) { Paging = RestPaging.Offset(PageSize) };
        _endpointWithKey = _endpoint with { Auth = RestAuth.ApiKeyInHeader("X-Api-Key", "api-key") };
        _endpointNoResilience = _endpoint with { ClientName = "no-resilience" };
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _bare.Dispose();
        _services.Dispose();
        _server.StopAsync().GetAwaiter().GetResult();
        _server.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Total)]
    public async Task<int> HttpClient_GetFromJson_Baseline()
    {
        var count = 0;
        for (var offset = 0; ; offset += PageSize)
        {
            var page = await _bare.GetFromJsonAsync($"items?offset={offset}&limit={PageSize}", RestBenchJson.Default.RestBenchItemArray);
            count += page!.Length;
            if (page.Length < PageSize)
            {
                return Check(count);
            }
        }
    }

    [Benchmark(OperationsPerInvoke = Total)]
    public async Task<int> RestClient_Paginate()
    {
        var count = 0;
        await foreach (var item in _rest.PaginateAsync(_endpoint, "bench", RestRequest.Get("items"), RestBenchJson.Default.RestBenchItem))
        {
            count += item.Id > 0 ? 1 : 0;
        }

        return Check(count);
    }

    [Benchmark(OperationsPerInvoke = Total)]
    public async Task<int> RestClient_Paginate_ApiKey()
    {
        var count = 0;
        await foreach (var item in _rest.PaginateAsync(_endpointWithKey, "bench", RestRequest.Get("items"), RestBenchJson.Default.RestBenchItem))
        {
            count += item.Id > 0 ? 1 : 0;
        }

        return Check(count);
    }

    [Benchmark(OperationsPerInvoke = Total)]
    public async Task<int> RestClient_Paginate_NoResilienceHandler()
    {
        var count = 0;
        await foreach (var item in _rest.PaginateAsync(_endpointNoResilience, "bench", RestRequest.Get("items"), RestBenchJson.Default.RestBenchItem))
        {
            count += item.Id > 0 ? 1 : 0;
        }

        return Check(count);
    }

    private static int Check(int count) => count == Total ? count : throw new InvalidOperationException($"Read {count} items, not {Total}.");

    private sealed class BenchSecrets : FlowSdk.Components.IFlowSecretSource
    {
        public ValueTask<string?> GetSecretAsync(string instanceId, string name, CancellationToken cancellationToken) => ValueTask.FromResult<string?>(ApiKey);
    }
}
