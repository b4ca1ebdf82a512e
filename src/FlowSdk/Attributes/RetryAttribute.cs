namespace FlowSdk;

/// <summary>
/// Retries with exponential backoff and jitter. On the flow class: a failed execution is retried as a whole before it
/// goes to the dead-letter sink (configuration <c>Flows:{name}:Retry</c> overrides the values). On a <c>[Step]</c> or
/// <c>[Filter]</c> method: only that step is retried, inside the execution, before the execution fails.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, Inherited = false, AllowMultiple = false)]
public sealed class RetryAttribute : Attribute
{
    /// <summary>Declares a retry policy.</summary>
    /// <param name="maxAttempts">Total attempts, the first one included.</param>
    public RetryAttribute(int maxAttempts) => MaxAttempts = maxAttempts;

    /// <summary>Total attempts, the first one included.</summary>
    public int MaxAttempts { get; }

    /// <summary>The delay before the first retry, in milliseconds; later delays grow exponentially. Default 200.</summary>
    public int BaseDelayMilliseconds { get; set; } = 200;

    /// <summary>The longest delay between two attempts, in milliseconds. Default 30 000.</summary>
    public int MaxDelayMilliseconds { get; set; } = 30_000;
}
