using System.Runtime.CompilerServices;
using FlowSdk.Components.Records;

namespace FlowSdk.Components.Tests.Records;

public sealed class BatchTests
{
    [Fact]
    public async Task Empty_source_gives_no_batch() =>
        Assert.Empty(await Numbers(0).Batch(3).ToListAsync());

    [Fact]
    public async Task Exact_multiple_gives_full_batches_only()
    {
        var batches = await Numbers(6).Batch(3).ToListAsync();

        Assert.Equal([[1, 2, 3], [4, 5, 6]], batches);
    }

    [Fact]
    public async Task Remainder_is_a_short_last_batch_of_its_own_length()
    {
        var batches = await Numbers(7).Batch(3).ToListAsync();

        Assert.Equal([[1, 2, 3], [4, 5, 6], [7]], batches);
        Assert.Single(batches[^1]);
    }

    [Fact]
    public async Task Batches_are_distinct_arrays_the_caller_may_keep()
    {
        var batches = await Numbers(4).Batch(2).ToListAsync();

        Assert.NotSame(batches[0], batches[1]);
        Assert.Equal([1, 2], batches[0]);
    }

    [Fact]
    public void A_size_below_one_throws_at_the_call() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Numbers(3).Batch(0));

    [Fact]
    public async Task Cancellation_stops_between_items()
    {
        using var cts = new CancellationTokenSource();
        var seen = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var batch in Numbers(100).Batch(10, cts.Token))
            {
                seen += batch.Length;
                await cts.CancelAsync();
            }
        });
        Assert.Equal(10, seen);
    }

    [Fact]
    public async Task WithCancellation_token_reaches_the_source()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in Numbers(5).Batch(2).WithCancellation(cts.Token))
            {
            }
        });
    }

    private static async IAsyncEnumerable<int> Numbers(int count, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        for (var i = 1; i <= count; i++)
        {
            await Task.Yield();
            cancellationToken.ThrowIfCancellationRequested();
            yield return i;
        }
    }
}
