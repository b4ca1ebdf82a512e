namespace FlowSdk.Management;

/// <summary>What an API key may do.</summary>
public enum ManagementRole
{
    /// <summary>Read instances, executions and dead letters.</summary>
    Reader,

    /// <summary>
    /// Everything a reader may, and deploy, change, delete instances, replay dead letters, re-encrypt secrets and read the
    /// audit log.
    /// </summary>
    Admin,
}
