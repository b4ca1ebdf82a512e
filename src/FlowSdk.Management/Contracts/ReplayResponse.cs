namespace FlowSdk.Management;

/// <summary>The answer to a replay: the new execution's id.</summary>
/// <param name="ExecutionId">The execution that runs the payload again.</param>
public sealed record ReplayResponse(Guid ExecutionId);
