namespace FlowSdk.Generators.Model;

/// <summary>A <c>[Retry]</c> attribute, on the flow class or on a step, as declared.</summary>
/// <param name="MaxAttempts">Total attempts, the first one included.</param>
/// <param name="BaseDelayMilliseconds">The declared first delay, or null.</param>
/// <param name="MaxDelayMilliseconds">The declared longest delay, or null.</param>
internal sealed record RetrySpec(int MaxAttempts, int? BaseDelayMilliseconds, int? MaxDelayMilliseconds);
