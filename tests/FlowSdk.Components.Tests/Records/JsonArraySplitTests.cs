using System.Text;
using System.Text.Json;
using FlowSdk.Components.Records;

namespace FlowSdk.Components.Tests.Records;

public sealed class JsonArraySplitTests
{
    private readonly JsonArraySplit _split = new();

    [Fact]
    public async Task A_bad_element_is_reported_with_its_position_and_the_rest_go_on()
    {
        var bad = new List<JsonBadElement>();
        await using var file = TestData.Open("orders.json");

        var orders = await _split.ReadAsync(file, RecordsJsonContext.Default.JsonOrder, bad.Add).ToListAsync();

        Assert.Equal([1, 4, 5], orders.Select(o => o.Id));
        Assert.Equal("Grace \"Amazing\" Hopper, [RADM]", orders[1].Customer);
        Assert.Equal(2, bad.Count);
        Assert.Equal((2L, "$.price"), (bad[0].Element, bad[0].Path));
        Assert.Equal(3L, bad[1].Element);
        Assert.Contains("null", bad[1].Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(4096)]
    public async Task Elements_that_cross_read_boundaries_are_whole(int chunk)
    {
        var json = "[" + string.Join(",", Enumerable.Range(1, 3000).Select(i => $$"""{"id":{{i}},"customer":"{{new string('x', i % 50)}}","quantity":{{i}},"price":1.5}""")) + "]";
        await using var stream = new TrickleStream(Encoding.UTF8.GetBytes(json), chunk);

        var orders = await _split.ReadAsync(stream, RecordsJsonContext.Default.JsonOrder).ToListAsync();

        Assert.Equal(Enumerable.Range(1, 3000), orders.Select(o => o.Id));
    }

    [Theory]
    [InlineData("[]", 0)]
    [InlineData("\uFEFF [ 1 , 2 ]  ", 2)]
    [InlineData("[\n1]", 1)]
    public async Task Empty_and_spaced_arrays(string json, int count)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(json));

        var items = await _split.ReadAsync(stream, RecordsJsonContext.Default.Int32).ToListAsync();

        Assert.Equal(count, items.Count);
    }

    [Theory]
    [InlineData("{\"id\":1}")]
    [InlineData("[1,2")]
    [InlineData("[1 2]")]
    [InlineData("[{\"id\":1,]")]
    public async Task Input_that_is_not_a_well_formed_array_is_a_clear_error(string json)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(json));

        await Assert.ThrowsAsync<JsonException>(() => _split.ReadAsync(stream, RecordsJsonContext.Default.Int32).ToListAsync());
    }

    /// <summary>Hands out at most <c>chunk</c> bytes per read, as a slow network does.</summary>
    private sealed class TrickleStream(byte[] data, int chunk) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, chunk)], cancellationToken);
    }
}
