using System.Threading.Channels;

namespace FlowSdk.Hosting.Tests;

/// <summary>The in-memory queue's bounded channel: order, wake-ups, blocked and cancelled writes, completion.</summary>
public sealed class FlowChannelTests
{
    [Fact]
    public void Messages_are_taken_oldest_first_across_the_end_of_the_ring_and_a_full_channel_refuses()
    {
        var channel = new FlowChannel<int>(4);
        var taken = new int[8];
        foreach (var id in new[] { 1, 2, 3 })
        {
            Assert.True(channel.Writer.TryWrite(id));
        }

        Assert.Equal(2, channel.TakeUpTo(taken.AsSpan(0, 2)));
        Assert.Equal([1, 2], taken[..2]);
        foreach (var id in new[] { 4, 5, 6 })
        {
            Assert.True(channel.Writer.TryWrite(id));
        }

        Assert.False(channel.Writer.TryWrite(7));
        Assert.Equal(4, channel.Count);
        Assert.True(channel.Reader.TryPeek(out var oldest));
        Assert.Equal(3, oldest);
        Assert.Equal(4, channel.TakeUpTo(taken));
        Assert.Equal([3, 4, 5, 6], taken[..4]);
        Assert.Equal(0, channel.TakeUpTo(taken));
        Assert.False(channel.Reader.TryRead(out _));
    }

    [Fact]
    public void A_large_channel_grows_as_messages_wait_keeping_their_order_and_refuses_past_its_capacity()
    {
        // The ring starts smaller than the capacity; it grows while its oldest message sits past the end of the array.
        const int Capacity = 1_000;
        var channel = new FlowChannel<int>(Capacity);
        var taken = new int[Capacity];
        var next = 0;
        for (; next < 50; next++)
        {
            Assert.True(channel.Writer.TryWrite(next));
        }

        Assert.Equal(40, channel.TakeUpTo(taken.AsSpan(0, 40)));
        while (channel.Count < Capacity)
        {
            Assert.True(channel.Writer.TryWrite(next++));
        }

        Assert.False(channel.Writer.TryWrite(next));
        Assert.Equal(Capacity, channel.TakeUpTo(taken));
        Assert.Equal(Enumerable.Range(40, Capacity), taken);
    }

    [Fact]
    public void A_write_wakes_one_sleeping_consumer_the_last_to_sleep_and_a_withdrawn_sleep_is_not_woken()
    {
        var channel = new FlowChannel<int>(4);
        var (first, second, third) = (new ConsumerWait(), new ConsumerWait(), new ConsumerWait());
        Assert.Equal(FlowChannel<int>.SleepOutcome.Asleep, channel.Sleep(first));
        Assert.Equal(FlowChannel<int>.SleepOutcome.Asleep, channel.Sleep(second));
        Assert.Equal(FlowChannel<int>.SleepOutcome.Asleep, channel.Sleep(third));
        var (firstWait, secondWait, thirdWait) = (first.WaitAsync(), second.WaitAsync(), third.WaitAsync());

        // The middle one found work elsewhere and withdraws; the channel no longer counts it as asleep.
        Assert.True(channel.Withdraw(second));
        Assert.False(channel.Withdraw(second));

        Assert.True(channel.Writer.TryWrite(1));
        Assert.True(thirdWait.IsCompleted);
        Assert.False(firstWait.IsCompleted);
        Assert.False(secondWait.IsCompleted);

        // Woken, the third cannot withdraw: the wake was already its own.
        Assert.False(channel.Withdraw(third));
        Assert.Equal(FlowChannel<int>.SleepOutcome.Work, channel.Sleep(second));

        Assert.True(channel.Writer.TryWrite(2));
        Assert.True(firstWait.IsCompleted);
        Assert.False(secondWait.IsCompleted);
    }

    [Fact]
    public async Task Writers_waiting_for_room_are_written_in_order_as_takes_make_room()
    {
        var channel = new FlowChannel<int>(2);
        Assert.True(channel.Writer.TryWrite(1));
        Assert.True(channel.Writer.TryWrite(2));
        var three = channel.Writer.WriteAsync(3);
        var four = channel.Writer.WriteAsync(4);
        Assert.False(three.IsCompleted);
        Assert.False(four.IsCompleted);

        // No write can overtake the blocked ones: there is no room until a take, which writes them first.
        Assert.False(channel.Writer.TryWrite(5));

        var taken = new int[8];
        Assert.Equal(1, channel.TakeUpTo(taken.AsSpan(0, 1)));
        await three.AsTask().WaitAsync(Probe.Timeout);
        Assert.False(four.IsCompleted);
        Assert.Equal(2, channel.TakeUpTo(taken));
        Assert.Equal([2, 3], taken[..2]);
        await four.AsTask().WaitAsync(Probe.Timeout);
        Assert.Equal(1, channel.TakeUpTo(taken));
        Assert.Equal(4, taken[0]);
    }

    [Fact]
    public async Task A_cancelled_write_is_never_taken_and_the_writes_behind_it_keep_their_order()
    {
        var channel = new FlowChannel<int>(1);
        Assert.True(channel.Writer.TryWrite(1));
        using var cancel = new CancellationTokenSource();
        var two = channel.Writer.WriteAsync(2, cancel.Token);
        var three = channel.Writer.WriteAsync(3);

        await cancel.CancelAsync();
        var thrown = await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await two);
        Assert.Equal(cancel.Token, thrown.CancellationToken);

        var taken = new int[4];
        Assert.Equal(1, channel.TakeUpTo(taken));
        Assert.Equal(1, taken[0]);
        await three.AsTask().WaitAsync(Probe.Timeout);
        Assert.Equal(1, channel.TakeUpTo(taken));
        Assert.Equal(3, taken[0]);
        Assert.Equal(0, channel.Count);
    }

    [Fact]
    public async Task Completing_fails_blocked_writes_wakes_every_sleeper_and_lets_the_consumers_take_what_was_accepted()
    {
        var channel = new FlowChannel<int>(1);
        var sleeper = new ConsumerWait();
        Assert.Equal(FlowChannel<int>.SleepOutcome.Asleep, channel.Sleep(sleeper));
        var woken = sleeper.WaitAsync();
        Assert.True(channel.Writer.TryWrite(1));
        Assert.True(await woken.AsTask().WaitAsync(Probe.Timeout));

        var idle = new ConsumerWait();
        var blocked = channel.Writer.WriteAsync(2);
        Assert.True(channel.Writer.TryComplete());
        Assert.False(channel.Writer.TryComplete());
        await Assert.ThrowsAsync<ChannelClosedException>(async () => await blocked);
        await Assert.ThrowsAsync<ChannelClosedException>(async () => await channel.Writer.WriteAsync(3));
        Assert.False(channel.Writer.TryWrite(3));

        // What was accepted before is still taken; the channel reports completion once it is empty.
        Assert.Equal(FlowChannel<int>.SleepOutcome.Work, channel.Sleep(idle));
        Assert.False(channel.Reader.Completion.IsCompleted);
        Assert.True(channel.Reader.TryRead(out var last));
        Assert.Equal(1, last);
        await channel.Reader.Completion.WaitAsync(Probe.Timeout);
        Assert.Equal(FlowChannel<int>.SleepOutcome.Completed, channel.Sleep(idle));
    }

    [Fact]
    public async Task Consumers_asleep_when_the_channel_completes_are_woken_and_then_find_it_completed()
    {
        var channel = new FlowChannel<int>(4);
        var (first, second) = (new ConsumerWait(), new ConsumerWait());
        Assert.Equal(FlowChannel<int>.SleepOutcome.Asleep, channel.Sleep(first));
        Assert.Equal(FlowChannel<int>.SleepOutcome.Asleep, channel.Sleep(second));
        var waits = new[] { first.WaitAsync().AsTask(), second.WaitAsync().AsTask() };

        channel.Writer.Complete();
        await Task.WhenAll(waits).WaitAsync(Probe.Timeout);
        Assert.Equal(FlowChannel<int>.SleepOutcome.Completed, channel.Sleep(first));
        Assert.Equal(FlowChannel<int>.SleepOutcome.Completed, channel.Sleep(second));
    }

    [Fact]
    public async Task Waits_to_read_and_to_write_end_as_a_channels_do()
    {
        var channel = new FlowChannel<int>(1);
        var read = channel.Reader.WaitToReadAsync();
        Assert.False(read.IsCompleted);
        Assert.True(channel.Writer.TryWrite(1));
        Assert.True(await read.AsTask().WaitAsync(Probe.Timeout));

        var write = channel.Writer.WaitToWriteAsync();
        Assert.False(write.IsCompleted);
        Assert.True(channel.Reader.TryRead(out _));
        Assert.True(await write.AsTask().WaitAsync(Probe.Timeout));

        using var cancel = new CancellationTokenSource();
        var cancelled = channel.Reader.WaitToReadAsync(cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await cancelled);

        var atCompletion = channel.Reader.WaitToReadAsync();
        channel.Writer.Complete();
        Assert.False(await atCompletion.AsTask().WaitAsync(Probe.Timeout));
        Assert.False(await channel.Writer.WaitToWriteAsync());
        await Assert.ThrowsAsync<ChannelClosedException>(async () => await channel.Reader.ReadAsync());
    }

    [Fact]
    public async Task Under_load_with_blocked_cancelled_and_stolen_messages_every_written_message_is_taken_exactly_once()
    {
        // Three consumers with batches of their own taking from each other, as the in-memory queue runs them, and four
        // producers writing into a small channel, so writes block, and every seventh write is cancelled as it waits.
        const int Producers = 4, PerProducer = 25_000, Consumers = 3;
        var channel = new FlowChannel<int>(8);
        var batches = Enumerable.Range(0, Consumers).Select(_ => new TakenMessages<int>(4, stealable: true)).ToArray();
        var taken = new int[Producers * PerProducer];
        var written = new bool[Producers * PerProducer];

        async Task ProduceAsync(int producer)
        {
            for (var i = 0; i < PerProducer; i++)
            {
                var id = (producer * PerProducer) + i;
                if (i % 7 != 0)
                {
                    await channel.Writer.WriteAsync(id);
                    written[id] = true;
                    continue;
                }

                using var cancel = new CancellationTokenSource();
                var write = channel.Writer.WriteAsync(id, cancel.Token);
                await cancel.CancelAsync();
                try
                {
                    await write;
                    written[id] = true;
                }
                catch (OperationCanceledException)
                {
                }
            }
        }

        async Task ConsumeAsync(int consumer)
        {
            var idle = new IdleWait<int>();
            while (true)
            {
                while (TryTake(consumer, out var id))
                {
                    Interlocked.Increment(ref taken[id]);
                }

                if (!await idle.WaitAsync(channel, batches))
                {
                    return;
                }
            }
        }

        bool TryTake(int consumer, out int id)
        {
            if (batches[consumer].TryTake(channel, out id))
            {
                return true;
            }

            for (var i = 1; i < Consumers; i++)
            {
                var other = batches[(consumer + i) % Consumers];
                if (other.Count > 0 && other.TryTakeHeld(out id))
                {
                    return true;
                }
            }

            return false;
        }

        var consumers = Enumerable.Range(0, Consumers).Select(c => Task.Run(() => ConsumeAsync(c))).ToArray();
        await Task.WhenAll(Enumerable.Range(0, Producers).Select(p => Task.Run(() => ProduceAsync(p)))).WaitAsync(Probe.Timeout);
        channel.Writer.Complete();
        await Task.WhenAll(consumers).WaitAsync(Probe.Timeout);

        for (var id = 0; id < taken.Length; id++)
        {
            Assert.True(taken[id] == (written[id] ? 1 : 0), $"message {id}: written {written[id]}, taken {taken[id]} times");
        }

        Assert.Contains(false, written);
        Assert.Equal(0, channel.Count + batches.Sum(b => b.Count));
    }
}
