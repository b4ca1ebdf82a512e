namespace FlowSdk.Instances;

/// <summary>
/// Runs a dead letter's payload again through its instance's flow. Implemented by the host that runs flows; when none is
/// registered, replay is unavailable (the management API answers 501).
/// </summary>
public interface IDeadLetterReplayer
{
    /// <summary>Enqueues the dead letter's payload for its instance, with the instance's current configuration.</summary>
    /// <returns>The new execution's id.</returns>
    /// <exception cref="InstanceNotFoundException">The instance no longer exists.</exception>
    /// <exception cref="DeadLetterReplayException">The replay was refused (for example the instance is disabled).</exception>
    ValueTask<Guid> ReplayAsync(DeadLetter deadLetter, CancellationToken cancellationToken = default);
}

/// <summary>A replay was refused; the message says why and is safe to show to an operator.</summary>
public sealed class DeadLetterReplayException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DeadLetterReplayException(string message)
        : base(message)
    {
    }
}
