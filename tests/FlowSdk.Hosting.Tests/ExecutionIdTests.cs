namespace FlowSdk.Hosting.Tests;

public sealed class ExecutionIdTests
{
    [Fact]
    public void Execution_ids_are_version_7_unique_and_ordered_by_time()
    {
        var ids = new ExecutionIdGenerator();
        var other = new ExecutionIdGenerator();
        var at = new DateTimeOffset(2026, 11, 28, 6, 0, 0, TimeSpan.Zero);

        var first = Enumerable.Range(0, 50_000).Select(i => ids.Next(at.AddMilliseconds(i / 100))).ToList();
        var second = Enumerable.Range(0, 50_000).Select(i => other.Next(at.AddMilliseconds(i / 100))).ToList();

        Assert.Equal(100_000, first.Concat(second).Distinct().Count());
        Assert.All(first, id => Assert.Equal(7, id.Version));
        Assert.All(first, id => Assert.Equal(0b10, id.Variant >> 2));
        var later = ids.Next(at.AddSeconds(10));
        Assert.StartsWith(at.AddSeconds(10).ToUnixTimeMilliseconds().ToString("x12", System.Globalization.CultureInfo.InvariantCulture), later.ToString("N"), StringComparison.Ordinal);
        Assert.True(string.CompareOrdinal(later.ToString("N"), first[^1].ToString("N")) > 0, "ids sort by time");

        // Within a millisecond only the counter in the last 62 bits moves: the bytes are laid out big-endian.
        var (one, two) = (first[0].ToString("N"), first[1].ToString("N"));
        Assert.Equal(one[..16], two[..16]);
        Assert.Equal(1UL, ulong.Parse(two[16..], System.Globalization.NumberStyles.HexNumber, null) - ulong.Parse(one[16..], System.Globalization.NumberStyles.HexNumber, null));
    }
}
