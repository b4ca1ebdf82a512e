namespace FlowSdk.Instances.Benchmarks;

/// <summary>
/// An instance store that holds only a change feed in memory, so a catalog benchmark times the catalog and not a
/// database: <see cref="Change"/> writes a new version of one instance, as an update in a real store does.
/// </summary>
public sealed class FeedStore : IInstanceStore
{
    private readonly Lock _gate = new();
    private readonly List<InstanceChange> _feed = [];
    private readonly Dictionary<string, FlowInstance> _instances = new(StringComparer.Ordinal);
    private long _version;

    /// <summary>A new version of <paramref name="instanceId"/> (enabled flipped), or its deployment when it is new.</summary>
    public void Change(string instanceId)
    {
        lock (_gate)
        {
            var version = ++_version;
            var instance = _instances.TryGetValue(instanceId, out var current)
                ? new FlowInstance
                {
                    Id = instanceId,
                    FlowName = current.FlowName,
                    Enabled = !current.Enabled,
                    ConfigurationJson = current.ConfigurationJson,
                    SecretNames = current.SecretNames,
                    Version = version,
                }
                : new FlowInstance
                {
                    Id = instanceId,
                    FlowName = InstanceFixture.FlowName,
                    Enabled = true,
                    ConfigurationJson = InstanceFixture.Deployment(0).ConfigurationJson.Replace("customer-000000", instanceId, StringComparison.Ordinal),
                    SecretNames = ["crm-api-key", "webhook-secret"],
                    Version = version,
                };
            _instances[instanceId] = instance;
            _feed.Add(new InstanceChange(instanceId, instance.FlowName, version, instance));
        }
    }

    public Task InitializeAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task<long> GetVersionAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_version);
        }
    }

    public Task<InstanceChangeSet> GetChangesAsync(long sinceVersion, int limit = 1000, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            // Versions are the feed's positions plus one: the changes after sinceVersion start at index sinceVersion.
            var start = (int)Math.Min(sinceVersion, _feed.Count);
            var count = Math.Min(limit, _feed.Count - start);
            var changes = _feed.GetRange(start, count);
            return Task.FromResult(new InstanceChangeSet(changes, count > 0 ? changes[^1].Version : _version, start + count < _feed.Count));
        }
    }

    public Task<FlowInstance> DeployAsync(InstanceDeployment deployment, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<FlowInstance?> GetAsync(string instanceId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<IReadOnlyList<FlowInstance>> ListAsync(InstanceQuery query, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<FlowInstance> UpdateAsync(string instanceId, InstanceUpdate update, long? expectedVersion = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<FlowInstance> SetEnabledAsync(string instanceId, bool enabled, long? expectedVersion = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<bool> DeleteAsync(string instanceId, long? expectedVersion = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<InstanceSecrets?> GetSecretsAsync(string instanceId, CancellationToken cancellationToken = default) => throw new NotSupportedException();
}
