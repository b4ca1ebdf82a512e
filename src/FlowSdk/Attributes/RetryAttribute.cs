namespace FlowSdk;

/// <summary>
/// Retries a failed execution with exponential backoff and jitter before it goes to the dead-letter sink.
/// Configuration (<c>Flows:{name}:Retry</c>) overrides these values.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false, AllowMultiple = false)]
public sealed class RetryAttribute : Attribute
{
    /// <summary>Declares a retry policy.</summary>
    /// <param name="maxAttempts">Total attempts, the first one included.</param>
    public RetryAttribute(int maxAttempts) => MaxAttempts = maxAttempts;

    /// <summary>Total attempts, the first one included.</summary>
    public int MaxAttempts { get; }

    /// <summary>The delay before the first retry, in milliseconds; later delays grow exponentially. Default 200.</summary>
    public int BaseDelayMilliseconds { get; set; } = 200;
}
