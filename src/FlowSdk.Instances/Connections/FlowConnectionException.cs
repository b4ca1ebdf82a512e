namespace FlowSdk.Instances;

/// <summary>
/// A flow's connection could not authenticate a call: it needs (new) consent, or no token could be obtained. The
/// message names the flow, instance and connection and says what to do; it never holds a token.
/// </summary>
public sealed class FlowConnectionException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="flowName">The flow.</param>
    /// <param name="instanceId">The instance.</param>
    /// <param name="connectionName">The connection.</param>
    /// <param name="needsConsent">Whether an administrator must grant the connection again.</param>
    /// <param name="message">The whole message.</param>
    /// <param name="innerException">The cause, or null.</param>
    public FlowConnectionException(string flowName, string instanceId, string connectionName, bool needsConsent, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        FlowName = flowName;
        InstanceId = instanceId;
        ConnectionName = connectionName;
        NeedsConsent = needsConsent;
    }

    /// <summary>The flow.</summary>
    public string FlowName { get; }

    /// <summary>The instance.</summary>
    public string InstanceId { get; }

    /// <summary>The connection.</summary>
    public string ConnectionName { get; }

    /// <summary>Whether the connection needs consent again (it is then shown as NeedsConsent by the management API).</summary>
    public bool NeedsConsent { get; }
}

/// <summary>A consent could not be started or completed; the message is fit to show to the person consenting.</summary>
public sealed class FlowConsentException : Exception
{
    /// <summary>Creates the exception.</summary>
    public FlowConsentException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
