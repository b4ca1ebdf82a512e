using System.Diagnostics.CodeAnalysis;

namespace FlowSdk.Instances;

/// <summary>
/// An immutable view of every instance, split by the hash of the id into <see cref="ShardCount"/> small shards. A
/// change copies the shard array and the entries of the shards it touches, not the whole view, and builds no index
/// (a shard is scanned), so applying it costs time in proportion to the change; a lookup is one hash and a scan of a
/// shard's hashes.
/// </summary>
internal sealed class InstanceSnapshot
{
    /// <summary>
    /// A power of two: at 20,000 instances a shard holds about 20, whose hashes fit in two cache lines, and an empty
    /// catalog holds only the array.
    /// </summary>
    public const int ShardCount = 1024;

    private readonly Shard?[] _shards;

    private InstanceSnapshot(Shard?[] shards, int count, long version)
    {
        _shards = shards;
        Count = count;
        Version = version;
    }

    /// <summary>The view before anything was read.</summary>
    public static InstanceSnapshot Empty { get; } = new(new Shard?[ShardCount], 0, 0);

    /// <summary>How many instances the view holds.</summary>
    public int Count { get; }

    /// <summary>The store version the view is current with.</summary>
    public long Version { get; }

    /// <summary>Every instance, shard by shard (no order).</summary>
    public IEnumerable<FlowInstance> Values => _shards.Where(s => s is not null).SelectMany(s => s!.Instances);

    /// <summary>Gets an instance; allocates nothing.</summary>
    public bool TryGet(string instanceId, [NotNullWhen(true)] out FlowInstance? instance)
    {
        var hash = Hash(instanceId);
        if (_shards[hash & (ShardCount - 1)] is { } shard && shard.IndexOf(hash, instanceId) is var at and >= 0)
        {
            instance = shard.Instances[at];
            return true;
        }

        instance = null;
        return false;
    }

    /// <summary>Starts a change of this view; the view itself stays as it is.</summary>
    public Builder ToBuilder() => new(this);

    // One hash per id serves both the shard's index (its low bits) and the scan within the shard (all of it).
    private static int Hash(string instanceId) => StringComparer.Ordinal.GetHashCode(instanceId);

    /// <summary>One shard's instances: their ids' hashes, scanned first, and the ids and instances at the same places.</summary>
    private sealed class Shard(int[] hashes, string[] ids, FlowInstance[] instances)
    {
        public FlowInstance[] Instances => instances;

        public int IndexOf(int hash, string instanceId)
        {
            // The hashes are contiguous, so the scan is vectorised; an equal hash is confirmed by the id.
            var from = 0;
            while (hashes.AsSpan(from).IndexOf(hash) is var found and >= 0)
            {
                var at = from + found;
                if (string.Equals(ids[at], instanceId, StringComparison.Ordinal))
                {
                    return at;
                }

                from = at + 1;
            }

            return -1;
        }

        public List<Entry> ToEntries()
        {
            var entries = new List<Entry>(hashes.Length + 1);
            for (var i = 0; i < hashes.Length; i++)
            {
                entries.Add(new Entry(hashes[i], ids[i], instances[i]));
            }

            return entries;
        }

        public static Shard From(List<Entry> entries)
        {
            var hashes = new int[entries.Count];
            var ids = new string[entries.Count];
            var instances = new FlowInstance[entries.Count];
            for (var i = 0; i < entries.Count; i++)
            {
                (hashes[i], ids[i], instances[i]) = entries[i];
            }

            return new Shard(hashes, ids, instances);
        }
    }

    private readonly record struct Entry(int Hash, string Id, FlowInstance Instance);

    /// <summary>
    /// Collects changes on copies of the shards they touch (each copied once, however many of its instances change) and
    /// publishes them all together as a new view.
    /// </summary>
    public sealed class Builder
    {
        private readonly Shard?[] _shards;
        private readonly Dictionary<int, List<Entry>> _copied = [];
        private int _count;
        private bool _published;

        internal Builder(InstanceSnapshot from)
        {
            _shards = (Shard?[])from._shards.Clone();
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

            var hash = Hash(instanceId);
            var index = hash & (ShardCount - 1);
            if (instance is null && !_copied.ContainsKey(index) && (_shards[index]?.IndexOf(hash, instanceId) ?? -1) < 0)
            {
                return;
            }

            var entries = Writable(index);
            var at = IndexOf(entries, hash, instanceId);
            if (instance is null)
            {
                if (at >= 0)
                {
                    // Order within a shard does not matter: the last entry fills the gap.
                    entries[at] = entries[^1];
                    entries.RemoveAt(entries.Count - 1);
                    _count--;
                }
            }
            else if (at >= 0)
            {
                entries[at] = new Entry(hash, instanceId, instance);
            }
            else
            {
                entries.Add(new Entry(hash, instanceId, instance));
                _count++;
            }
        }

        /// <summary>The view with every applied change, at <paramref name="version"/>: each touched shard copied into arrays once.</summary>
        public InstanceSnapshot ToSnapshot(long version)
        {
            _published = true;
            foreach (var (index, entries) in _copied)
            {
                // A shard emptied by deletions is dropped, so a catalog that shrank holds no empty shards.
                _shards[index] = entries.Count == 0 ? null : Shard.From(entries);
            }

            return new InstanceSnapshot(_shards, _count, version);
        }

        private static int IndexOf(List<Entry> entries, int hash, string instanceId)
        {
            for (var i = 0; i < entries.Count; i++)
            {
                if (entries[i].Hash == hash && string.Equals(entries[i].Id, instanceId, StringComparison.Ordinal))
                {
                    return i;
                }
            }

            return -1;
        }

        /// <summary>The shard to write to: a copy made on its first change, never the published one.</summary>
        private List<Entry> Writable(int index)
        {
            if (!_copied.TryGetValue(index, out var entries))
            {
                entries = _shards[index]?.ToEntries() ?? [];
                _copied[index] = entries;
            }

            return entries;
        }
    }
}
