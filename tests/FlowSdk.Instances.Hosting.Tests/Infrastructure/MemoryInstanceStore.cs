using FlowSdk.Instances;

namespace FlowSdk.Instances.Hosting.Tests;

/// <summary>
/// An instance store in memory with the store's change-feed semantics, for tests that deploy thousands of instances
/// at once (the SQLite store writes one transaction per deployment).
/// </summary>
public sealed class MemoryInstanceStore : IInstanceStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, FlowInstance> _instances = new(StringComparer.Ordinal);
    private readonly List<InstanceChange> _feed = [];
    private readonly Dictionary<string, IReadOnlyDictionary<string, string>> _secrets = new(StringComparer.Ordinal);
    private long _version;

    public Task InitializeAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task<FlowInstance> DeployAsync(InstanceDeployment deployment, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_instances.ContainsKey(deployment.Id))
            {
                throw new InstanceConflictException(deployment.Id);
            }

            var instance = new FlowInstance
            {
                Id = deployment.Id,
                FlowName = deployment.FlowName,
                Customer = deployment.Customer,
                Enabled = deployment.Enabled,
                ConfigurationJson = deployment.ConfigurationJson,
                ConfigurationType = deployment.ConfigurationType,
                Schedule = deployment.Schedule,
                SecretNames = [.. deployment.Secrets.Keys.Order(StringComparer.Ordinal)],
                Version = ++_version,
            };
            _instances[instance.Id] = instance;
            _secrets[instance.Id] = new Dictionary<string, string>(deployment.Secrets, StringComparer.Ordinal);
            _feed.Add(new InstanceChange(instance.Id, instance.FlowName, instance.Version, instance));
            return Task.FromResult(instance);
        }
    }

    public Task<FlowInstance?> GetAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_instances.GetValueOrDefault(instanceId));
        }
    }

    public Task<IReadOnlyList<FlowInstance>> ListAsync(InstanceQuery query, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<FlowInstance> UpdateAsync(string instanceId, InstanceUpdate update, long? expectedVersion = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<FlowInstance> SetEnabledAsync(string instanceId, bool enabled, long? expectedVersion = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<bool> DeleteAsync(string instanceId, long? expectedVersion = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<InstanceSecrets?> GetSecretsAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_secrets.TryGetValue(instanceId, out var values) ? new InstanceSecrets(instanceId, values) : null);
        }
    }

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
            var changes = _feed.Where(c => c.Version > sinceVersion).Take(limit + 1).ToList();
            var more = changes.Count > limit;
            if (more)
            {
                changes.RemoveAt(changes.Count - 1);
            }

            return Task.FromResult(new InstanceChangeSet(changes, changes.Count > 0 ? changes[^1].Version : _version, more));
        }
    }
}

/// <summary>An execution history that only counts, for the scale test.</summary>
public sealed class CountingHistory : IExecutionHistory
{
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public Task RecordAsync(ExecutionRecord record, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _count);
        return Task.CompletedTask;
    }

    public Task<ExecutionRecord?> GetExecutionAsync(Guid executionId, CancellationToken cancellationToken = default) => Task.FromResult<ExecutionRecord?>(null);

    public Task<IReadOnlyList<ExecutionRecord>> QueryAsync(ExecutionQuery query, CancellationToken cancellationToken = default) => Task.FromResult<IReadOnlyList<ExecutionRecord>>([]);

    public Task<int> PruneAsync(CancellationToken cancellationToken = default) => Task.FromResult(0);
}
