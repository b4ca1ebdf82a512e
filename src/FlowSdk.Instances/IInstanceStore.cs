namespace FlowSdk.Instances;

/// <summary>
/// Persists instances: their lifecycle, encrypted secrets and a change feed that lets every node of a deployment see a
/// change within one poll. Every write takes the next number of one store-wide sequence, so <see cref="FlowInstance.Version"/>
/// both tags an instance for optimistic concurrency and orders the change feed.
/// </summary>
public interface IInstanceStore
{
    /// <summary>Creates the schema if missing. Idempotent; the other methods call it on first use.</summary>
    Task InitializeAsync(CancellationToken cancellationToken = default);

    /// <summary>Stores a new instance.</summary>
    /// <exception cref="InstanceConflictException">An instance with the same id exists.</exception>
    Task<FlowInstance> DeployAsync(InstanceDeployment deployment, CancellationToken cancellationToken = default);

    /// <summary>Gets an instance, or null when there is none with that id.</summary>
    Task<FlowInstance?> GetAsync(string instanceId, CancellationToken cancellationToken = default);

    /// <summary>Lists instances ordered by id.</summary>
    Task<IReadOnlyList<FlowInstance>> ListAsync(InstanceQuery query, CancellationToken cancellationToken = default);

    /// <summary>Changes an instance's customer, configuration, schedule and secrets.</summary>
    /// <param name="instanceId">The instance.</param>
    /// <param name="update">The change.</param>
    /// <param name="expectedVersion">The version the caller last saw, or null to skip the check.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="InstanceNotFoundException">There is no such instance.</exception>
    /// <exception cref="InstanceVersionMismatchException">The instance changed since <paramref name="expectedVersion"/>.</exception>
    Task<FlowInstance> UpdateAsync(string instanceId, InstanceUpdate update, long? expectedVersion = null, CancellationToken cancellationToken = default);

    /// <summary>Enables or disables an instance; setting the state it already has changes nothing.</summary>
    /// <exception cref="InstanceNotFoundException">There is no such instance.</exception>
    /// <exception cref="InstanceVersionMismatchException">The instance changed since <paramref name="expectedVersion"/>.</exception>
    Task<FlowInstance> SetEnabledAsync(string instanceId, bool enabled, long? expectedVersion = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes an instance and its secrets, execution history, dead letters, waiting messages and schedule occurrences;
    /// returns false when there was none. Executions running at that moment finish, but their history stays hidden and
    /// they leave no dead letter, so a new deployment under the same id never sees or replays the old one's.
    /// </summary>
    /// <exception cref="InstanceVersionMismatchException">The instance changed since <paramref name="expectedVersion"/>.</exception>
    Task<bool> DeleteAsync(string instanceId, long? expectedVersion = null, CancellationToken cancellationToken = default);

    /// <summary>Decrypts an instance's secrets for the code that runs it, or returns null when there is no such instance.</summary>
    Task<InstanceSecrets?> GetSecretsAsync(string instanceId, CancellationToken cancellationToken = default);

    /// <summary>The store-wide change version: a cheap read that tells a node whether anything changed since it last looked.</summary>
    Task<long> GetVersionAsync(CancellationToken cancellationToken = default);

    /// <summary>The instances deployed, changed or deleted after <paramref name="sinceVersion"/>, oldest change first.</summary>
    /// <param name="sinceVersion">The version the caller is current with (0 for everything).</param>
    /// <param name="limit">At most this many changes, 1 to 10,000.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<InstanceChangeSet> GetChangesAsync(long sinceVersion, int limit = 1000, CancellationToken cancellationToken = default);
}
