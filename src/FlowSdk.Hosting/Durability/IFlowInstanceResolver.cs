namespace FlowSdk.Hosting;

/// <summary>
/// Finds the instance binding of a message read back from an <see cref="IFlowMessageStore"/> (which keeps only the
/// instance id). The instance host registers one; without it, stored instance messages cannot run.
/// </summary>
public interface IFlowInstanceResolver
{
    /// <summary>The binding of <paramref name="instanceId"/> of flow <paramref name="flowName"/>, or null when the instance no longer exists.</summary>
    ValueTask<FlowInstanceBinding?> ResolveAsync(string flowName, string instanceId, CancellationToken cancellationToken);
}
