namespace FlowSdk.Durability.Benchmarks;

/// <summary>The message every case publishes: one number, stored as JSON by FlowSdk's store and by Wolverine's inbox.</summary>
public sealed record Ping(long Value);

/// <summary>Counts finished messages and tells the benchmark when the last one of a batch ran.</summary>
public sealed class Tally
{
    private long _sum;
    private int _remaining;
    private TaskCompletionSource _done = NewSource();

    public long Sum => Volatile.Read(ref _sum);

    /// <summary>Starts a batch of <paramref name="count"/> messages; the task completes when all of them ran.</summary>
    public Task Expect(int count)
    {
        Volatile.Write(ref _sum, 0);
        _done = NewSource();
        Volatile.Write(ref _remaining, count);
        return _done.Task;
    }

    /// <summary>What the flow's step and Wolverine's handler do for each message.</summary>
    public void Add(long value)
    {
        Interlocked.Add(ref _sum, value);
        if (Interlocked.Decrement(ref _remaining) == 0)
        {
            _done.TrySetResult();
        }
    }

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>The FlowSdk flow: one trivial synchronous step that counts the message.</summary>
[Flow(Name)]
[ChannelTrigger]
public sealed partial class CountFlow(Tally tally)
{
    public const string Name = "durable-count";

    [Step]
    public void Count(Ping ping) => tally.Add(ping.Value);
}

/// <summary>The Wolverine handler: the same step.</summary>
public static class PingHandler
{
    public static void Handle(Ping ping, Tally tally) => tally.Add(ping.Value);
}
