using System.Diagnostics.CodeAnalysis;

namespace FlowSdk.Instances;

/// <summary>
/// An immutable view of every instance, split by the hash of the id into <see cref="ShardCount"/> small dictionaries
/// that are never written once published. A change copies the shard array and the shards it touches, not the whole
/// view, so applying it costs time in proportion to the change; a lookup is one hash and one small-dictionary read.
/// </summary>
internal sealed class InstanceSnapshot
{
    /// <summary>
    /// A power of two: at 20,000 instances a shard holds about 20, so copying one takes about a microsecond, and an empty
    /// catalog holds only the array.
    /// </summary>
    public const int ShardCount = 1024;

    private readonly Dictionary<string, FlowInstance>?[] _shards;

    private InstanceSnapshot(Dictionary<string, FlowInstance>?[] shards, int count, long version)
    {
        _shards = shards;
        Count = count;
        Version = version;
    }

    /// <summary>The view before anything was read.</summary>
    public static InstanceSnapshot Empty { get; } = new(new Dictionary<string, FlowInstance>?[ShardCount], 0, 0);

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
        private readonly Dictionary<string, FlowInstance>?[] _shards;
        private readonly bool[] _copied = new bool[ShardCount];
        private int _count;
        private bool _published;

        internal Builder(InstanceSnapshot from)
        {
            _shards = (Dictionary<string, FlowInstance>?[])from._shards.Clone();
            _count = from.Count;
        }

        /// <summary>Sets the instance's latest state, or removes it when <paramref name="instance"/> is null (a deletion).</summary>
        public void Apply(string instanceId, FlowInstance? instance)
        {
            ArgumentNullException.ThrowIfNull(instanceId);

            // The copies belong to the published view from then on: a later write would show readers half a change.
            if (_published)
            {
                throw new InvalidOperationException("The changes were already published.");
            }

            var index = Index(instanceId);
            var shard = _shards[index];
            if (instance is null)
            {
                if (shard is null || !shard.ContainsKey(instanceId))
                {
                    return;
                }

                shard = Writable(index, shard);
                shard.Remove(instanceId);
                _count--;
                return;
            }

            shard = Writable(index, shard);
            if (shard.TryAdd(instanceId, instance))
            {
                _count++;
            }
            else
            {
                shard[instanceId] = instance;
            }
        }

        /// <summary>The view with every applied change, at <paramref name="version"/>.</summary>
        public InstanceSnapshot ToSnapshot(long version)
        {
            _published = true;
            for (var i = 0; i < _shards.Length; i++)
            {
                // A shard emptied by deletions is dropped, so a catalog that shrank holds no empty dictionaries.
                if (_copied[i] && _shards[i] is { Count: 0 })
                {
                    _shards[i] = null;
                }
            }

            return new InstanceSnapshot(_shards, _count, version);
        }

        /// <summary>The shard to write to: a copy made on its first change, never the published one.</summary>
        private Dictionary<string, FlowInstance> Writable(int index, Dictionary<string, FlowInstance>? shard)
        {
            if (_copied[index])
            {
                return shard!;
            }

            var copy = shard is null ? new Dictionary<string, FlowInstance>(StringComparer.Ordinal) : new Dictionary<string, FlowInstance>(shard, StringComparer.Ordinal);
            _shards[index] = copy;
            _copied[index] = true;
            return copy;
        }
    }
}
