using System.Globalization;
using Xunit;

namespace FlowSdk.Instances.Tests;

/// <summary>
/// The catalog's view: a change is published whole and leaves earlier views as they were, and it costs what it
/// touches, not what the view holds.
/// </summary>
public sealed class InstanceSnapshotTests
{
    private static FlowInstance Instance(string id, long version, bool enabled = true) =>
        new() { Id = id, FlowName = "flow", Enabled = enabled, ConfigurationJson = "{}", Version = version };

    private static string Id(int index) => "customer-" + index.ToString("D6", CultureInfo.InvariantCulture);

    private static InstanceSnapshot Loaded(int count)
    {
        var builder = InstanceSnapshot.Empty.ToBuilder();
        for (var i = 0; i < count; i++)
        {
            builder.Apply(Id(i), Instance(Id(i), i + 1));
        }

        return builder.ToSnapshot(count);
    }

    [Fact]
    public void A_change_makes_a_new_view_and_leaves_the_published_one_as_it_was()
    {
        var before = Loaded(100);

        var builder = before.ToBuilder();
        builder.Apply(Id(1), Instance(Id(1), 101, enabled: false));
        builder.Apply(Id(2), null);
        builder.Apply("new", Instance("new", 102));
        builder.Apply("never-there", null);
        var after = builder.ToSnapshot(102);

        Assert.Equal(100, before.Count);
        Assert.True(before.TryGet(Id(1), out var old) && old.Enabled && old.Version == 2);
        Assert.True(before.TryGet(Id(2), out _));
        Assert.False(before.TryGet("new", out _));

        Assert.Equal(100, after.Count);
        Assert.Equal(102, after.Version);
        Assert.True(after.TryGet(Id(1), out var changed) && !changed.Enabled && changed.Version == 101);
        Assert.False(after.TryGet(Id(2), out _));
        Assert.True(after.TryGet("new", out _));
        Assert.True(after.TryGet(Id(99), out _));
        Assert.Equal(100, after.Values.Count());

        Assert.Throws<InvalidOperationException>(() => builder.Apply(Id(3), null));
    }

    [Fact]
    public void Deleting_every_instance_empties_the_view()
    {
        var builder = Loaded(50).ToBuilder();
        for (var i = 0; i < 50; i++)
        {
            builder.Apply(Id(i), null);
        }

        var empty = builder.ToSnapshot(100);
        Assert.Equal(0, empty.Count);
        Assert.Empty(empty.Values);
        Assert.False(empty.TryGet(Id(0), out _));
    }

    [Fact]
    public void Shards_of_many_instances_keep_every_change_through_replacements_and_deletions()
    {
        // 50,000 instances put about 50 in each shard, so replacing and deleting moves entries within shards.
        const int Count = 50_000;
        var builder = Loaded(Count).ToBuilder();
        for (var i = 0; i < Count; i++)
        {
            if (i % 3 == 0)
            {
                builder.Apply(Id(i), null);
            }
            else if (i % 5 == 0)
            {
                builder.Apply(Id(i), Instance(Id(i), Count + i));
            }
        }

        builder.Apply(Id(Count), Instance(Id(Count), 1));
        var view = builder.ToSnapshot(2 * Count);

        Assert.Equal(Count - ((Count + 2) / 3) + 1, view.Count);
        Assert.Equal(view.Count, view.Values.Count());
        for (var i = 0; i < Count; i++)
        {
            var found = view.TryGet(Id(i), out var instance);
            Assert.Equal(i % 3 != 0, found);
            if (found)
            {
                Assert.Equal(Id(i), instance!.Id);
                Assert.Equal(i % 5 == 0 ? Count + i : i + 1, instance.Version);
            }
        }

        Assert.True(view.TryGet(Id(Count), out _));
        Assert.False(view.TryGet("customer-", out _));
    }

    [Fact]
    public void Applying_one_change_allocates_about_as_much_at_100000_instances_as_at_1000()
    {
        var small = BytesForOneChange(Loaded(1_000));
        var large = BytesForOneChange(Loaded(100_000));

        // A view rebuilt whole would allocate several megabytes at 100,000 instances; copying what a change touches
        // costs the shard array and one shard of about a hundred entries.
        Assert.True(large < small + 32 * 1024, $"one change: {small} bytes at 1,000 instances, {large} at 100,000");
        Assert.True(large < 64 * 1024, $"one change at 100,000 instances allocated {large} bytes");
    }

    [Fact]
    public async Task A_reader_sees_either_all_of_a_change_or_none_of_it()
    {
        const int Count = 2_000;
        var current = Loaded(Count);
        Change(ref current, Count, Count);
        var stop = false;
        var torn = 0;
        var checks = 0;
        var reading = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reader = Task.Run(() =>
        {
            reading.TrySetResult();
            while (!Volatile.Read(ref stop))
            {
                // One view, read as a request reads it; every instance of it must carry the same change.
                var view = Volatile.Read(ref current);
                var expected = view.TryGet(Id(0), out var first) ? first.Version : -1;
                for (var i = 0; i < Count; i += 37)
                {
                    if (!view.TryGet(Id(i), out var instance) || instance.Version != expected)
                    {
                        Interlocked.Increment(ref torn);
                    }
                }

                Interlocked.Increment(ref checks);
            }
        });

        // Changes go on until the reader has read many views while they were made, however late it was scheduled.
        await reading.Task.WaitAsync(TimeSpan.FromSeconds(60));
        for (var round = 1; round <= 200 || (Volatile.Read(ref checks) < 100 && !reader.IsCompleted); round++)
        {
            Change(ref current, Count, Count + round);
        }

        Volatile.Write(ref stop, true);
        await reader;
        Assert.True(checks >= 100);
        Assert.Equal(0, torn);
    }

    /// <summary>One change that moves every 37th instance to <paramref name="version"/>, published as the catalog publishes.</summary>
    private static void Change(ref InstanceSnapshot current, int count, long version)
    {
        var builder = Volatile.Read(ref current).ToBuilder();
        for (var i = 0; i < count; i += 37)
        {
            builder.Apply(Id(i), Instance(Id(i), version));
        }

        Volatile.Write(ref current, builder.ToSnapshot(version));
    }

    private static long BytesForOneChange(InstanceSnapshot snapshot)
    {
        var fewest = long.MaxValue;
        for (var round = 0; round < 3; round++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var builder = snapshot.ToBuilder();
            builder.Apply(Id(round), Instance(Id(round), snapshot.Version + 1, enabled: false));
            snapshot = builder.ToSnapshot(snapshot.Version + 1);
            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return fewest;
    }
}
