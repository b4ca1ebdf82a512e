namespace FlowSdk.Instances;

/// <summary>Keeps failed inputs per instance for inspection and replay.</summary>
public interface IDeadLetterStore
{
    /// <summary>Stores a dead letter. Redact secrets from its error first (<see cref="InstanceSecrets.Redact(string?)"/>).</summary>
    Task AddDeadLetterAsync(DeadLetter deadLetter, CancellationToken cancellationToken = default);

    /// <summary>Gets a dead letter with its payload, or null.</summary>
    Task<DeadLetter?> GetDeadLetterAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>Finds dead letters, newest first.</summary>
    Task<IReadOnlyList<DeadLetter>> QueryDeadLettersAsync(DeadLetterQuery query, CancellationToken cancellationToken = default);

    /// <summary>Counts a replay of a dead letter; returns false when there is none with that id.</summary>
    Task<bool> MarkReplayedAsync(Guid id, DateTimeOffset replayedAt, CancellationToken cancellationToken = default);

    /// <summary>
    /// Counts a replay attempt only while the dead letter's replay count is still <paramref name="seenReplayCount"/>, so
    /// of two requests that read the same letter at once exactly one may replay it.
    /// </summary>
    /// <returns>True when this caller may replay; false when another replay was counted first or there is no such letter.</returns>
    Task<bool> TryBeginReplayAsync(Guid id, int seenReplayCount, DateTimeOffset replayedAt, CancellationToken cancellationToken = default);

    /// <summary>Deletes a dead letter; returns false when there was none.</summary>
    Task<bool> DeleteDeadLetterAsync(Guid id, CancellationToken cancellationToken = default);
}
