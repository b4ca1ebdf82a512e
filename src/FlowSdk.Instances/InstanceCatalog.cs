using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FlowSdk.Instances;

/// <summary>
/// This node's in-memory view of every instance, kept current from the store's change feed: a cheap version read every
/// <see cref="InstanceCatalogOptions.PollInterval"/>, and the changed instances only when it moved. Lookups read an
/// immutable snapshot, so a request never waits for the store and an in-flight execution keeps the instance it started with.
/// A refresh copies only the parts of the snapshot its changes touch (a shard of about 20 instances each at 20,000) and publishes them
/// all at once, so its cost follows the change rather than the number of instances, and no reader sees half of it.
/// </summary>
public sealed partial class InstanceCatalog : BackgroundService
{
    private readonly IInstanceStore _store;
    private readonly TimeProvider _timeProvider;
    private readonly InstanceCatalogOptions _options;
    private readonly ILogger<InstanceCatalog> _logger;
    private readonly SemaphoreSlim _refreshLock = new(1, 1);
    private volatile InstanceSnapshot _snapshot = InstanceSnapshot.Empty;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _refreshedAt = long.MinValue;
    private readonly TimeSpan _staleAfter;

    /// <summary>Creates the catalog.</summary>
    public InstanceCatalog(IInstanceStore store, IOptions<InstanceCatalogOptions> options, TimeProvider timeProvider, ILogger<InstanceCatalog> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _options = options.Value;
        _timeProvider = timeProvider;

        // A limit shorter than a few polls would call a healthy view stale between two reads.
        _staleAfter = _options.MaxStaleness > _options.PollInterval * 4 ? _options.MaxStaleness : _options.PollInterval * 4;
        _logger = logger;
    }

    /// <summary>The store version this node's view is current with.</summary>
    public long Version => _snapshot.Version;

    /// <summary>Whether the view was loaded from the store at least once.</summary>
    public bool IsLoaded => Volatile.Read(ref _refreshedAt) != long.MinValue;

    /// <summary>When the view was last confirmed current with the store, or null before the first load.</summary>
    public DateTimeOffset? RefreshedAt => IsLoaded ? new DateTimeOffset(Volatile.Read(ref _refreshedAt), TimeSpan.Zero) : null;

    /// <summary>
    /// Whether the view can be trusted now: loaded, and confirmed current with the store within
    /// <see cref="InstanceCatalogOptions.MaxStaleness"/>.
    /// </summary>
    public bool IsCurrent
    {
        get
        {
            var at = Volatile.Read(ref _refreshedAt);
            return at != long.MinValue && _timeProvider.GetUtcNow().UtcTicks - at <= _staleAfter.Ticks;
        }
    }

    /// <summary>How many instances the view holds.</summary>
    public int Count => _snapshot.Count;

    /// <summary>Gets an instance from the current view; allocates nothing.</summary>
    public bool TryGet(string instanceId, [NotNullWhen(true)] out FlowInstance? instance)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        return _snapshot.TryGet(instanceId, out instance);
    }

    /// <summary>Every instance of <paramref name="flowName"/> in the current view.</summary>
    public IEnumerable<FlowInstance> GetByFlow(string flowName) => _snapshot.Values.Where(i => i.FlowName == flowName);

    /// <summary>Raised after the view changed, with the applied changes.</summary>
    public event EventHandler<InstanceChangeSet>? Changed;

    /// <summary>Waits until the view is current with at least <paramref name="version"/>.</summary>
    public async Task WaitForVersionAsync(long version, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            // Taken before the check, so a refresh between the two cannot be missed.
            var changed = Volatile.Read(ref _changed).Task;
            if (Version >= version)
            {
                return;
            }

            await changed.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Reads the changes since the view's version and applies them now.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken = default)
    {
        await _refreshLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // The view is as current as the store was when this read began.
            var readAt = _timeProvider.GetUtcNow().UtcTicks;
            var snapshot = _snapshot;
            if (await _store.GetVersionAsync(cancellationToken).ConfigureAwait(false) <= snapshot.Version && snapshot.Version > 0)
            {
                Volatile.Write(ref _refreshedAt, readAt);
                return;
            }

            InstanceChangeSet set;
            var instances = snapshot.ToBuilder();
            var version = snapshot.Version;
            var applied = new List<InstanceChange>();
            do
            {
                set = await _store.GetChangesAsync(version, 1000, cancellationToken).ConfigureAwait(false);
                foreach (var change in set.Changes)
                {
                    instances.Apply(change.InstanceId, change.Instance);
                }

                applied.AddRange(set.Changes);
                version = set.Version;
            }
            while (set.HasMore);

            if (version == snapshot.Version && applied.Count == 0)
            {
                Volatile.Write(ref _refreshedAt, readAt);
                return;
            }

            _snapshot = instances.ToSnapshot(version);
            Volatile.Write(ref _refreshedAt, readAt);
            Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
            if (applied.Count > 0)
            {
                LogApplied(applied.Count, version);
                Changed?.Invoke(this, new InstanceChangeSet(applied, version, false));
            }
        }
        finally
        {
            _refreshLock.Release();
        }
    }

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.PollInterval, _timeProvider);
        do
        {
            try
            {
                await RefreshAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The store may be briefly unreachable; the view stays as it was and the next tick tries again.
                LogRefreshFailed(e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    /// <inheritdoc/>
    public override void Dispose()
    {
        _refreshLock.Dispose();
        base.Dispose();
    }

    [LoggerMessage(3030, LogLevel.Debug, "Applied {Count} instance changes; now at version {Version}")]
    private partial void LogApplied(int count, long version);

    [LoggerMessage(3031, LogLevel.Warning, "Reading instance changes failed")]
    private partial void LogRefreshFailed(Exception exception);
}
