using Polly;
using Polly.Retry;

namespace FlowSdk;

/// <summary>
/// Builds the resilience pipeline of a step marked <see cref="RetryAttribute"/>. Generated code keeps one pipeline per
/// step in a static field and runs the step through it with a static callback and a value-tuple state, so a step that
/// succeeds at once costs no closure.
/// </summary>
public static class StepRetry
{
    /// <summary>Creates the pipeline for <paramref name="retry"/>: exponential backoff with jitter on any exception but the caller's cancellation.</summary>
    public static ResiliencePipeline Create(RetryAttribute retry) => Create(retry, TimeProvider.System);

    /// <summary>Creates the pipeline for <paramref name="retry"/> on <paramref name="timeProvider"/> (tests use a fake clock).</summary>
    public static ResiliencePipeline Create(RetryAttribute retry, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(retry);
        if (retry.MaxAttempts <= 1)
        {
            return ResiliencePipeline.Empty;
        }

        return new ResiliencePipelineBuilder { TimeProvider = timeProvider }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = static args => new ValueTask<bool>(
                    args.Outcome.Exception is { } e && !(e is OperationCanceledException && args.Context.CancellationToken.IsCancellationRequested)),
                MaxRetryAttempts = retry.MaxAttempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(Math.Max(0, retry.BaseDelayMilliseconds)),
                MaxDelay = TimeSpan.FromMilliseconds(Math.Max(1, retry.MaxDelayMilliseconds)),
            })
            .Build();
    }
}
