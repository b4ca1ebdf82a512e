using FlowSdk.Benchmarks.Glue;

namespace FlowSdk.Benchmarks.Hosted;

/// <summary>Counts finished messages and tells the producer when the last one of a batch is through.</summary>
public sealed class Tally
{
    private long _sum;
    private int _remaining;
    private TaskCompletionSource _done = new();

    public long Sum => Volatile.Read(ref _sum);

    /// <summary>Starts a batch of <paramref name="count"/> messages; the task completes when all are done.</summary>
    public Task Expect(int count)
    {
        _sum = 0;
        _done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _remaining, count);
        return _done.Task;
    }

    public void Add(long value)
    {
        Interlocked.Add(ref _sum, value);
        if (Interlocked.Decrement(ref _remaining) == 0)
        {
            _done.TrySetResult();
        }
    }
}

/// <summary>
/// The hosted flow: five working steps and a last side effect that reports the message done. The hand-written consumer
/// loop and the Dataflow block call these same methods.
/// </summary>
[Flow("hosted-five")]
[ChannelTrigger]
public sealed partial class HostedFlow(Tally tally)
{
    [Step]
    public long S1(long value) => Work.Hash(value);

    [Step]
    public long S2(long value) => Work.Hash(value);

    [Step]
    public long S3(long value) => Work.Hash(value);

    [Step]
    public long S4(long value) => Work.Hash(value);

    [Step]
    public long S5(long value) => Work.Hash(value);

    [Step]
    public void Done(long value) => tally.Add(value);

    /// <summary>The same steps called by hand.</summary>
    public void RunByHand(long value) => Done(S5(S4(S3(S2(S1(value))))));
}
