using FlowSdk.Tests.Flows;

namespace FlowSdk.Tests;

public sealed class SplitTests
{
    [Fact]
    public async Task A_split_fans_out_in_order_and_counts_each_items_outcome()
    {
        var flow = new BatchFlow();

        var result = await flow.RunAsync(new Batch("b", [11, 0, 12, 13, 14]));

        // 11 → 100/-2, 0 filtered, 12 → 100/-1, 13 throws, 14 → 100/1: the failure does not stop later items.
        Assert.Equal(["-50", "-100", "100"], flow.Processed);
        Assert.Equal(3, result.CompletedItems);
        Assert.Equal(1, result.FilteredItems);
        Assert.Equal(1, result.FailedItems);
        Assert.Equal(FlowOutcome.Failed, result.Outcome);
        Assert.Equal("Invert", result.FailedStep);
        Assert.IsType<DivideByZeroException>(result.Exception);
        Assert.Equal(100, result.Output);
    }

    [Fact]
    public async Task A_split_whose_items_are_all_filtered_is_filtered()
    {
        var result = await new BatchFlow().RunAsync(new Batch("zeros", [0, 0]));

        Assert.Equal(FlowOutcome.Filtered, result.Outcome);
        Assert.Equal(2, result.FilteredItems);
    }

    [Fact]
    public async Task An_empty_split_completes_with_no_items()
    {
        var result = await new BatchFlow().RunAsync(new Batch("empty", []));

        Assert.Equal(FlowOutcome.Completed, result.Outcome);
        Assert.Equal(0, result.CompletedItems);
    }

    [Fact]
    public async Task An_async_enumerable_split_runs_awaited_steps_per_item_in_order()
    {
        var flow = new AsyncBatchFlow();

        var result = await flow.RunAsync(3, new FlowContext("async-batch"));

        Assert.Equal(FlowOutcome.Completed, result.Outcome);
        Assert.Equal(3, result.CompletedItems);
        Assert.Equal(["async-batch:ITEM-1", "async-batch:ITEM-2", "async-batch:ITEM-3"], flow.Processed);
    }

    [Fact]
    public async Task Cancelling_during_an_async_split_throws_operation_canceled()
    {
        using var cts = new CancellationTokenSource();
        var flow = new AsyncBatchFlow();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await flow.RunAsync(1000, cts.Token));
    }

    [Fact]
    public async Task A_nested_split_counts_the_innermost_items()
    {
        var result = await new NestedSplitFlow().RunAsync([[1, 2, 3], [], [5, 6]]);

        Assert.Equal(FlowOutcome.Completed, result.Outcome);
        Assert.Equal(3, result.CompletedItems);
        Assert.Equal(2, result.FilteredItems);
        Assert.Equal(5, result.Output);
    }

    [Fact]
    public async Task A_synchronous_split_followed_by_an_awaited_step_hands_over_to_the_continuation()
    {
        var result = await new SplitThenAsyncFlow().RunAsync(4);

        Assert.Equal(FlowOutcome.Completed, result.Outcome);
        Assert.Equal(4, result.CompletedItems);
        Assert.Equal(8, result.Output);
    }
}
