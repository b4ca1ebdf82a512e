namespace FlowSdk.Management;

/// <summary>Options of the management API.</summary>
public sealed class ManagementOptions
{
    /// <summary>The API keys the default authentication scheme accepts.</summary>
    public IList<ManagementApiKey> ApiKeys { get; } = [];
}
