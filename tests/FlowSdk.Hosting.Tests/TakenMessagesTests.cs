namespace FlowSdk.Hosting.Tests;

/// <summary>Two consumers' taken batches, driven one step at a time on the in-memory queue's channel.</summary>
public sealed class TakenMessagesTests
{
    [Fact]
    public async Task A_consumer_whose_wait_began_after_another_took_the_channels_messages_into_its_batch_does_not_sleep()
    {
        var channel = new FlowChannel<int>(8);
        TakenMessages<int>[] batches = [new(4, stealable: true), new(4, stealable: true)];
        var (a, b) = (batches[0], batches[1]);
        var idle = new IdleWait<int>();

        // Consumer A finds nothing. Before it waits, three messages come and consumer B takes them all, starting one.
        Assert.False(a.TryTake(channel, out _));
        for (var id = 1; id <= 3; id++)
        {
            Assert.True(channel.Writer.TryWrite(id));
        }

        Assert.True(b.TryTake(channel, out var first));
        Assert.Equal(1, first);
        Assert.Equal(0, channel.Count);

        // The channel is empty, so only B's batch tells A there is work: it must not wait for a write that never comes,
        // and it withdraws its sleep, so the next write's one wake cannot go to it while it runs B's messages.
        var wait = idle.WaitAsync(channel, batches);
        Assert.True(wait.IsCompletedSuccessfully);
        Assert.True(await wait);
        Assert.False(a.TryTake(channel, out _));
        Assert.True(b.TryTakeHeld(out var second));
        Assert.True(b.TryTakeHeld(out var third));
        Assert.Equal([2, 3], new[] { second, third });
        Assert.Equal(0, a.Count + b.Count);

        // Idle again, A sleeps on its own reused wait, allocating nothing; the next write wakes it.
        var before = GC.GetAllocatedBytesForCurrentThread();
        var next = idle.WaitAsync(channel, batches);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.False(next.IsCompleted);
        Assert.True(channel.Writer.TryWrite(4));
        Assert.True(await next.AsTask().WaitAsync(Probe.Timeout));
        Assert.True(a.TryTake(channel, out var fourth));
        Assert.Equal(4, fourth);
    }

    [Fact]
    public void A_look_while_the_owner_moves_the_channels_messages_into_its_batch_counts_them_as_held()
    {
        // The look of an idle consumer that began its sleep just before or just after the owner's take from the channel.
        var batch = new TakenMessages<int>(4, stealable: true);
        var looks = new List<bool>();
        var source = new LookingSource([1, 2, 3], () => looks.Add(batch.HasHeld));

        Assert.True(batch.TryTake(source, out var first));
        Assert.Equal(1, first);
        Assert.Equal([true, true], looks);
        Assert.True(batch.HasHeld);
        Assert.True(batch.TryTakeHeld(out _));
        Assert.True(batch.TryTakeHeld(out _));
        Assert.False(batch.HasHeld);
    }

    /// <summary>A channel that looks at the batch being refilled just before and just after the take.</summary>
    private sealed class LookingSource(int[] items, Action look) : IMessageBatchSource<int>
    {
        public int TakeUpTo(Span<int> into)
        {
            look();
            var taken = Math.Min(into.Length, items.Length);
            items.AsSpan(0, taken).CopyTo(into);
            look();
            return taken;
        }
    }

    [Fact]
    public async Task An_idle_consumer_waits_for_a_write_and_ends_when_the_channel_completes_empty()
    {
        var channel = new FlowChannel<int>(8);
        TakenMessages<int>[] batches = [new(4, stealable: true), new(4, stealable: true)];
        var idle = new IdleWait<int>();

        var wait = idle.WaitAsync(channel, batches);
        Assert.False(wait.IsCompleted);
        Assert.True(channel.Writer.TryWrite(1));
        Assert.True(await wait.AsTask().WaitAsync(Probe.Timeout));
        Assert.True(batches[0].TryTake(channel, out _));

        channel.Writer.Complete();
        Assert.False(await idle.WaitAsync(channel, batches));
    }

    [Fact]
    public async Task Messages_the_owner_takes_while_another_takes_from_its_batch_are_each_taken_exactly_once()
    {
        const int Messages = 200_000;
        var channel = new FlowChannel<int>(Messages);
        for (var id = 0; id < Messages; id++)
        {
            Assert.True(channel.Writer.TryWrite(id));
        }

        var batch = new TakenMessages<int>(8, stealable: true);
        var seen = new int[Messages];
        var taken = 0;

        void Run(Func<(bool, int)> take)
        {
            var spin = new SpinWait();
            while (Volatile.Read(ref taken) < Messages)
            {
                if (take() is (true, var id))
                {
                    Interlocked.Increment(ref seen[id]);
                    Interlocked.Increment(ref taken);
                }
                else
                {
                    spin.SpinOnce();
                }
            }
        }

        var owner = Task.Run(() => Run(() => (batch.TryTake(channel, out var id), id)));
        var other = Task.Run(() => Run(() => (batch.TryTakeHeld(out var id), id)));

        await Task.WhenAll(owner, other).WaitAsync(Probe.Timeout);
        Assert.Equal(Messages, taken);
        Assert.All(seen, count => Assert.Equal(1, count));
        Assert.Equal(0, batch.Count);
    }
}
