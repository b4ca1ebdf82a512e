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
    /// Claims a dead letter for its one replay: marks it replayed if it never was. Of two requests replaying it at once,
    /// exactly one gets true; a replay that fails leaves a new dead letter, which is replayed in turn.
    /// </summary>
    /// <returns>True when this caller may replay it; false when it was replayed already or there is no such letter.</returns>
    Task<bool> TryBeginReplayAsync(Guid id, DateTimeOffset replayedAt, CancellationToken cancellationToken = default);

    /// <summary>Takes back the claim of <see cref="TryBeginReplayAsync"/> when the replay could not be enqueued after all.</summary>
    Task UndoReplayAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>Deletes a dead letter; returns false when there was none.</summary>
    Task<bool> DeleteDeadLetterAsync(Guid id, CancellationToken cancellationToken = default);
}
