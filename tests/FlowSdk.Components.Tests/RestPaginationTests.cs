using FlowSdk.Components.Rest;
using Microsoft.Extensions.DependencyInjection;

namespace FlowSdk.Components.Tests;

public sealed class RestPaginationTests : IAsyncLifetime
{
    private RestTestServer _server = null!;
    private ServiceProvider _services = null!;

    private RestClient Rest => _services.GetRequiredService<RestClient>();

    public async Task InitializeAsync()
    {
        _server = await RestTestServer.StartAsync();
        _services = RestTestServer.Client(new RestTestSecrets());
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Link_header_pages_are_followed_to_the_last()
    {
        var endpoint = new RestEndpoint(_server.BaseAddress) { Paging = RestPaging.LinkHeader() };

        var ids = await Ids(Rest.PaginateAsync(endpoint, "acme", RestRequest.Get("link/items"), RestTestJson.Default.RestItem));

        Assert.Equal([1, 2, 3, 4, 5, 6, 7], ids);
        Assert.Equal(3, _server.PageRequests);
    }

    [Fact]
    public async Task Cursor_pages_read_nested_items_and_cursor_until_the_cursor_is_null()
    {
        var endpoint = new RestEndpoint(_server.BaseAddress) { Paging = RestPaging.Cursor("meta.next", "cursor", "data.items") };

        var ids = await Ids(Rest.PaginateAsync(endpoint, "acme", RestRequest.Get("cursor/items"), RestTestJson.Default.RestItem));

        Assert.Equal([1, 2, 3, 4, 5], ids);
        Assert.Equal(3, _server.PageRequests);
    }

    [Fact]
    public async Task Offset_pages_stop_at_a_short_page()
    {
        var endpoint = new RestEndpoint(_server.BaseAddress);

        var ids = await Ids(Rest.PaginateAsync(endpoint, "acme", RestRequest.Get("offset/items"), RestTestJson.Default.RestItem, RestPaging.Offset(100)));

        Assert.Equal(Enumerable.Range(1, 250), ids);
        Assert.Equal(3, _server.PageRequests);
    }

    [Fact]
    public async Task Offset_pages_stop_at_an_empty_page_when_the_total_is_a_multiple_of_the_page_size()
    {
        var endpoint = new RestEndpoint(_server.BaseAddress) { Paging = RestPaging.Offset(50) };

        var ids = await Ids(Rest.PaginateAsync(endpoint, "acme", RestRequest.Get("offset/items").WithQuery("total", "100"), RestTestJson.Default.RestItem));

        Assert.Equal(Enumerable.Range(1, 100), ids);
        Assert.Equal(3, _server.PageRequests);
    }

    [Fact]
    public async Task Pages_are_fetched_as_the_items_are_consumed()
    {
        var endpoint = new RestEndpoint(_server.BaseAddress) { Paging = RestPaging.Offset(100) };
        var first = await Rest.PaginateAsync(endpoint, "acme", RestRequest.Get("offset/items"), RestTestJson.Default.RestItem).Take(10).ToListAsync();

        Assert.Equal(10, first.Count);
        Assert.Equal(1, _server.PageRequests);
    }

    private static async Task<List<int>> Ids(IAsyncEnumerable<RestItem> items)
    {
        var ids = new List<int>();
        await foreach (var item in items)
        {
            ids.Add(item.Id);
        }

        return ids;
    }
}
