namespace FlowSdk.Hosting;

/// <summary>
/// The reason a stored message was dead-lettered without running: it was delivered more than
/// <see cref="FlowDurabilityOptions.MaxDeliveries"/> times without recording an outcome (its node crashed or stalled each
/// time), its payload can no longer be read as the flow's payload type, or its instance no longer exists.
/// </summary>
public sealed class FlowPoisonMessageException : Exception
{
    /// <summary>Creates the exception.</summary>
    public FlowPoisonMessageException()
        : base("The stored message cannot be run.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public FlowPoisonMessageException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public FlowPoisonMessageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
