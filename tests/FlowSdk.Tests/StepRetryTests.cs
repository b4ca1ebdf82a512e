using FlowSdk.Tests.Flows;

namespace FlowSdk.Tests;

public sealed class StepRetryTests
{
    [Fact]
    public async Task A_step_with_retry_is_attempted_again_inside_the_execution_until_it_succeeds()
    {
        var flow = new RetryingFlow { LoadFailures = 2, SaveFailures = 1 };

        var result = await flow.RunAsync("abc");

        Assert.Equal(FlowOutcome.Completed, result.Outcome);
        Assert.Equal(3, result.Output);
        Assert.Equal(3, flow.LoadAttempts);
        Assert.Equal(2, flow.SaveAttempts);
    }

    [Fact]
    public async Task A_step_that_fails_every_attempt_fails_the_execution_with_the_last_exception()
    {
        var flow = new RetryingFlow { LoadFailures = 10 };

        var result = await flow.RunAsync("abc");

        Assert.Equal(FlowOutcome.Failed, result.Outcome);
        Assert.Equal("Load", result.FailedStep);
        Assert.IsType<TimeoutException>(result.Exception);
        Assert.Equal(3, flow.LoadAttempts);
    }

    [Fact]
    public async Task The_callers_cancellation_is_not_retried()
    {
        var flow = new RetryingFlow { LoadFailures = 10 };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await flow.RunAsync("abc", new CancellationToken(canceled: true)));
        Assert.Equal(0, flow.LoadAttempts);
    }
}
