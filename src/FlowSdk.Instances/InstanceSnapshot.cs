using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace FlowSdk.Instances;

/// <summary>
/// An immutable view of every instance, split by the hash of the id into <see cref="ShardCount"/> small frozen
/// dictionaries. A change copies the shard array and the shards it touches and freezes them again, not the whole view,
/// so applying it costs time in proportion to the change; a lookup is one hash and one small frozen-dictionary read.
/// </summary>
internal sealed class InstanceSnapshot
{
    /// <summary>
    /// A power of two: at 20,000 instances a shard holds about 20, so copying and freezing one takes microseconds, and an
    /// empty catalog holds only the array.
    /// </summary>
    public const int ShardCount = 1024;

    private readonly FrozenDictionary<string, FlowInstance>?[] _shards;

    private InstanceSnapshot(FrozenDictionary<string, FlowInstance>?[] shards, int count, long version)
    {
        _shards = shards;
        Count = count;
        Version = version;
    }

    /// <summary>The view before anything was read.</summary>
    public static InstanceSnapshot Empty { get; } = new(new FrozenDictionary<string, FlowInstance>?[ShardCount], 0, 0);

    /// <summary>How many instances the view holds.</summary>
    public int Count { get; }

    /// <summary>The store version the view is current with.</summary>
    public long Version { get; }

    /// <summary>Every instance, shard by shard (no order).</summary>
    public IEnumerable<FlowInstance> Values => _shards.Where(s => s is not null).SelectMany(s => s!.Values);

    /// <summary>Gets an instance; allocates nothing.</summary>
    public bool TryGet(string instanceId, [NotNullWhen(true)] out FlowInstance? instance)
    {
        if (_shards[Index(instanceId)] is { } shard)
        {
            return shard.TryGetValue(instanceId, out instance);
        }

        instance = null;
        return false;
    }

    /// <summary>Starts a change of this view; the view itself stays as it is.</summary>
    public Builder ToBuilder() => new(this);

    private static int Index(string instanceId) => StringComparer.Ordinal.GetHashCode(instanceId) & (ShardCount - 1);

    /// <summary>
    /// Collects changes on copies of the shards they touch (each copied once, however many of its instances change) and
    /// publishes them all together as a new view.
    /// </summary>
    public sealed class Builder
    {
        private readonly FrozenDictionary<string, FlowInstance>?[] _shards;
        private readonly Dictionary<int, Dictionary<string, FlowInstance>> _copied = [];
        private int _count;
        private bool _published;

        internal Builder(InstanceSnapshot from)
        {
            _shards = (FrozenDictionary<string, FlowInstance>?[])from._shards.Clone();
            _count = from.Count;
        }

        /// <summary>Sets the instance's latest state, or removes it when <paramref name="instance"/> is null (a deletion).</summary>
        public void Apply(string instanceId, FlowInstance? instance)
        {
            ArgumentNullException.ThrowIfNull(instanceId);

            // The shards belong to the published view from then on: a later write would show readers half a change.
            if (_published)
            {
                throw new InvalidOperationException("The changes were already published.");
            }

            var index = Index(instanceId);
            if (instance is null)
            {
                if (!_copied.ContainsKey(index) && _shards[index]?.ContainsKey(instanceId) != true)
                {
                    return;
                }

                if (Writable(index).Remove(instanceId))
                {
                    _count--;
                }

                return;
            }

            var shard = Writable(index);
            if (shard.TryAdd(instanceId, instance))
            {
                _count++;
            }
            else
            {
                shard[instanceId] = instance;
            }
        }

        /// <summary>The view with every applied change, at <paramref name="version"/>: each touched shard frozen once.</summary>
        public InstanceSnapshot ToSnapshot(long version)
        {
            _published = true;
            foreach (var (index, shard) in _copied)
            {
                // A shard emptied by deletions is dropped, so a catalog that shrank holds no empty dictionaries.
                _shards[index] = shard.Count == 0 ? null : shard.ToFrozenDictionary(StringComparer.Ordinal);
            }

            return new InstanceSnapshot(_shards, _count, version);
        }

        /// <summary>The shard to write to: a copy made on its first change, never the published one.</summary>
        private Dictionary<string, FlowInstance> Writable(int index)
        {
            if (!_copied.TryGetValue(index, out var shard))
            {
                shard = _shards[index] is { } published ? new Dictionary<string, FlowInstance>(published, StringComparer.Ordinal) : new Dictionary<string, FlowInstance>(StringComparer.Ordinal);
                _copied[index] = shard;
            }

            return shard;
        }
    }
}
