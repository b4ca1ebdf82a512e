namespace FlowSdk.Hosting;

/// <summary>
/// The message store could not be reached, so a message was not accepted: nothing was stored and nothing will run.
/// Webhooks answer 503 with <c>Retry-After</c>; a publisher sees this exception and may retry.
/// </summary>
public sealed class FlowStoreUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public FlowStoreUnavailableException()
        : base("The flow message store cannot be reached; the message was not accepted.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public FlowStoreUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public FlowStoreUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
