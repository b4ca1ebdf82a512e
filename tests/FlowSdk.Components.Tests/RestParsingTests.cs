using System.Text;
using FlowSdk.Components.Rest;

namespace FlowSdk.Components.Tests;

public sealed class RestParsingTests
{
    [Theory]
    [InlineData("<https://api.example.com/items?page=2>; rel=\"next\", <https://api.example.com/items?page=9>; rel=\"last\"", "https://api.example.com/items?page=2")]
    [InlineData("<https://api.example.com/items?page=1>; rel=\"prev\", <https://x/items?a=1,2>; rel=\"next\"", "https://x/items?a=1,2")]
    [InlineData("</items?page=3>; rel=\"last next\"", "/items?page=3")]
    [InlineData("<https://x/items?page=9>; rel=last", null)]
    [InlineData("", null)]
    public void Link_header_next_target(string header, string? expected) =>
        Assert.Equal(expected, RestLinkHeader.FindNext(header));

    [Fact]
    public void Redaction_masks_only_the_named_parameter()
    {
        var uri = new Uri("https://api.example.com/v1/items?api_key=s3cr3t&page=2&api_keys=other");

        Assert.Equal("https://api.example.com/v1/items?api_key=***&page=2&api_keys=other", RestUri.Redact(uri, "api_key"));
        Assert.Equal(uri.AbsoluteUri, RestUri.Redact(uri, null));
    }

    [Fact]
    public void Set_parameters_replace_those_in_the_path()
    {
        var uri = RestUri.With(new Uri("https://x/items?offset=5&keep=1"), [new("offset", "9"), new("extra", "a b")], new("offset", "100"), new("limit", "50"));

        Assert.Equal("https://x/items?keep=1&extra=a%20b&offset=100&limit=50", uri.AbsoluteUri);
    }

    [Fact]
    public void Base_addresses_keep_their_last_segment()
    {
        Assert.Equal("https://x/api/v2/items", RestUri.Resolve(new RestEndpoint(new Uri("https://x/api/v2")).BaseAddress, "items").AbsoluteUri);
        Assert.Equal("https://x/api/v2/items", RestUri.Resolve(new RestEndpoint(new Uri("https://x/api/v2/")).BaseAddress, "items").AbsoluteUri);
    }

    [Fact]
    public void Page_reader_finds_nested_items_and_skips_the_rest()
    {
        var reader = new RestPageReader(RestPaging.Cursor("meta.cursor.next", itemsPath: "data.items"));
        var json = """{"data":{"skip":{"items":[{"id":9,"name":"no"}]},"items":[{"id":1,"name":"a"},{"id":2,"name":"b"}]},"meta":{"cursor":{"next":42}},"items":[]}"""u8;
        var items = new List<RestItem>();

        var cursor = reader.Read(json, RestTestJson.Default.RestItem, items);

        Assert.Equal([1, 2], items.Select(i => i.Id));
        Assert.Equal("42", cursor);
    }

    [Fact]
    public void Token_response_reads_token_and_lifetime()
    {
        var token = RestTokenResponse.Read(Encoding.UTF8.GetBytes("""{"token_type":"Bearer","expires_in":"3600","access_token":"abc","extra":{"a":[1]}}"""));

        Assert.Equal(new RestIssuedToken("abc", TimeSpan.FromHours(1)), token);
        Assert.Null(RestTokenResponse.Read("""{"error":"invalid_client"}"""u8));
    }
}
