using FlowSdk.Tests.Flows;

namespace FlowSdk.Tests;

/// <summary>Flows written as users write them, run through the generated RunAsync.</summary>
public sealed class RunAsyncTests
{
    [Fact]
    public async Task Transforms_and_side_effects_carry_the_payload_through_every_step()
    {
        var flow = new OrderFlow();

        var result = await flow.RunAsync(new Order(7, 150m, "ada"));

        Assert.Equal(FlowOutcome.Completed, result.Outcome);
        Assert.Equal("7:180.0", result.Output);
        Assert.Equal(["invoice 7"], flow.Seen);
        Assert.Null(result.FailedStep);
    }

    [Fact]
    public async Task A_filter_returning_false_stops_the_execution_as_filtered()
    {
        var flow = new OrderFlow();

        var result = await flow.RunAsync(new Order(8, 5m, "bob"));

        Assert.Equal(FlowOutcome.Filtered, result.Outcome);
        Assert.Null(result.Output);
        Assert.Empty(flow.Seen);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Every_async_return_shape_runs_in_order_whether_or_not_it_completes_synchronously(bool yield)
    {
        var flow = new AsyncShapesFlow { Yield = yield };

        var pending = flow.RunAsync("12");
        if (!yield)
        {
            Assert.True(pending.IsCompletedSuccessfully, "steps that complete synchronously must not go async");
        }

        var result = await pending;

        Assert.Equal(FlowOutcome.Completed, result.Outcome);
        Assert.Equal("squared 144", result.Output);
        Assert.Equal(["Parse", "IsPositive", "Square", "Audit 144", "Notify 144"], flow.Trace);
    }

    [Theory]
    [InlineData(false, "-3")]
    [InlineData(true, "-3")]
    [InlineData(false, "5000")]
    [InlineData(true, "5000")]
    public async Task Async_filters_stop_the_execution(bool yield, string input)
    {
        var flow = new AsyncShapesFlow { Yield = yield };

        var result = await flow.RunAsync(input);

        Assert.Equal(FlowOutcome.Filtered, result.Outcome);
        Assert.DoesNotContain(flow.Trace, t => t.StartsWith("Notify", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Context_and_cancellation_token_reach_steps_in_any_parameter_order()
    {
        using var cts = new CancellationTokenSource();
        var flow = new SignatureFlow();
        var context = new FlowContext("signatures", "tenant-9");

        var result = await flow.RunAsync(5, context, cts.Token);

        Assert.Equal(FlowOutcome.Completed, result.Outcome);
        var expected = $"signatures/tenant-9/5/True|{context.ExecutionId.ToString("N")[..4]}|True";
        Assert.Equal(expected.Length, result.Output);
    }

    [Fact]
    public async Task The_overload_without_a_context_gives_steps_a_fresh_context_for_the_flow()
    {
        var result = await new SignatureFlow().RunAsync(1);

        Assert.Equal(FlowOutcome.Completed, result.Outcome);
        Assert.Equal("signatures/default/1/False|0000|False".Length, result.Output);
    }

    [Fact]
    public async Task A_throwing_step_fails_the_execution_with_its_name_and_exception()
    {
        var flow = new FailingFlow();

        var result = await flow.RunAsync(-1);

        Assert.Equal(FlowOutcome.Failed, result.Outcome);
        Assert.Equal("Check", result.FailedStep);
        Assert.IsType<ArgumentOutOfRangeException>(result.Exception);
        Assert.Equal(0, flow.ReachedLast);
    }

    [Fact]
    public async Task A_step_throwing_after_an_awaited_step_is_reported_by_the_continuation()
    {
        var result = await new FailingFlow().RunAsync(13);

        Assert.Equal(FlowOutcome.Failed, result.Outcome);
        Assert.Equal("Last", result.FailedStep);
        Assert.Equal("unlucky", result.Exception!.Message);
    }

    [Fact]
    public async Task Cancelling_the_callers_token_throws_operation_canceled()
    {
        using var cts = new CancellationTokenSource();
        var flow = new FailingFlow();

        var pending = flow.RunAsync(42, cts.Token).AsTask();
        Assert.False(pending.IsCompleted);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
        Assert.Equal(0, flow.ReachedLast);
    }

    [Fact]
    public async Task An_already_cancelled_token_runs_no_step()
    {
        var flow = new FailingFlow();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await flow.RunAsync(1, new CancellationToken(canceled: true)));
        Assert.Equal(0, flow.ReachedLast);
    }

    [Fact]
    public async Task An_operation_canceled_that_is_not_the_callers_cancellation_is_a_failure()
    {
        var result = await new FailingFlow().RunAsync(7, CancellationToken.None);

        Assert.Equal(FlowOutcome.Failed, result.Outcome);
        Assert.Equal("Wait", result.FailedStep);
        Assert.IsType<OperationCanceledException>(result.Exception);
    }

    [Fact]
    public async Task Flows_in_the_global_namespace_nested_types_and_same_named_classes_each_get_their_pipeline()
    {
        Assert.Equal("global:x", (await new GlobalFlow().RunAsync("x")).Output);
        Assert.Equal("nested:x", (await new Outer.Middle.NestedFlow().RunAsync("x")).Output);
        Assert.Equal("left:x", (await new Flows.Left.SameName().RunAsync("x")).Output);
        Assert.Equal(-4, (await new Flows.Right.SameName().RunAsync(4)).Output);
    }

    [Fact]
    public async Task Obsolete_steps_run_like_any_other()
    {
        var flow = new ObsoleteStepsFlow();

        var completed = await flow.RunAsync("21");
        var filtered = await flow.RunAsync("-1");

        Assert.Equal(FlowOutcome.Completed, completed.Outcome);
        Assert.Equal("receipt 42", completed.Output!.Text);
        Assert.Equal(FlowOutcome.Filtered, filtered.Outcome);
        Assert.Equal(["Parse", "IsPositive", "Double", "Describe"], ObsoleteStepsFlow.Definition.Steps.Select(s => s.Name));
    }
}
