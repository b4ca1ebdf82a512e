using FlowSdk.Tests.Flows;

namespace FlowSdk.Tests;

/// <summary>The generated hot path allocates nothing per message once warm.</summary>
public sealed class AllocationTests
{
    private const int Messages = 10_000;

    [Fact]
    public void A_five_step_synchronous_flow_allocates_nothing_per_message()
    {
        var flow = new SyncFiveFlow();
        var context = new FlowContext("sync-five");
        long sum = 0;

        Assert.Equal(0, SteadyState.AllocatedBytes(Messages, i => sum += Completed(flow.RunAsync(i, context)).Output));
        Assert.NotEqual(0, sum);
        Assert.Equal((long)(Messages - 1 + 1) * 3, flow.Last);
    }

    [Fact]
    public void A_five_step_valuetask_flow_that_completes_synchronously_allocates_nothing_per_message()
    {
        var flow = new ValueTaskFiveFlow();
        var context = new FlowContext("valuetask-five");
        long sum = 0;

        Assert.Equal(0, SteadyState.AllocatedBytes(Messages, i => sum += Completed(flow.RunAsync(i, context)).Output));
        Assert.NotEqual(0, sum);
    }

    [Fact]
    public void The_overload_without_a_context_allocates_nothing_when_no_step_reads_the_context()
    {
        var flow = new SyncFiveFlow();
        Assert.Equal(0, SteadyState.AllocatedBytes(Messages, i => _ = Completed(flow.RunAsync(i))));
    }

    /// <summary>The runs under test complete synchronously; anything else is a failure, not something to wait for.</summary>
    private static FlowResult<T> Completed<T>(ValueTask<FlowResult<T>> pending)
    {
        if (!pending.IsCompletedSuccessfully)
        {
            throw new Xunit.Sdk.XunitException("RunAsync did not complete synchronously");
        }

        return pending.Result;
    }
}
