using FlowSdk;

namespace FlowSdk.Tests.Flows;

/// <summary>FlowContext and CancellationToken in any order; private and static steps.</summary>
[Flow("signatures")]
[ChannelTrigger]
public sealed partial class SignatureFlow
{
    [Step]
    private static string First(int value, CancellationToken ct, FlowContext context) =>
        $"{context.FlowName}/{context.InstanceId}/{value}/{ct.CanBeCanceled}";

    [Step]
    private string Second(string text, FlowContext context, CancellationToken ct) => text + "|" + context.ExecutionId.ToString("N")[..4] + "|" + ct.CanBeCanceled;

    [Step]
    internal static int Length(string text) => text.Length;
}

/// <summary>Steps that throw or observe cancellation.</summary>
[Flow("failing")]
public sealed partial class FailingFlow
{
    public int ReachedLast { get; private set; }

    [Step]
    public int Check(int value) => value < 0 ? throw new ArgumentOutOfRangeException(nameof(value), "negative") : value;

    [Step]
    public async ValueTask<int> Wait(int value, CancellationToken ct)
    {
        if (value == 42)
        {
            await Task.Delay(Timeout.Infinite, ct);
        }

        if (value == 7)
        {
            // An operation that gave up on its own (a timeout), not the caller's cancellation.
            throw new OperationCanceledException("timed out");
        }

        return value;
    }

    [Step]
    public int Last(int value)
    {
        ReachedLast++;
        return value == 13 ? throw new InvalidOperationException("unlucky") : value;
    }
}

/// <summary>Five synchronous steps over an int: the allocation test's flow.</summary>
[Flow("sync-five")]
public sealed partial class SyncFiveFlow
{
    [Step] public int Add(int value) => value + 1;

    [Filter] public bool Keep(int value) => value != int.MinValue;

    [Step] public int Multiply(int value) => value * 3;

    [Step] public void Observe(int value) => Last = value;

    [Step] public long Widen(int value) => value;

    public long Last { get; private set; }
}

/// <summary>Five ValueTask steps over an int that complete synchronously: the other allocation test's flow.</summary>
[Flow("valuetask-five")]
public sealed partial class ValueTaskFiveFlow
{
    [Step] public ValueTask<int> Add(int value, CancellationToken ct) => new(value + 1);

    [Filter] public ValueTask<bool> Keep(int value) => new(value != int.MinValue);

    [Step] public ValueTask<int> Multiply(int value, FlowContext context) => new(value * 3);

    [Step] public ValueTask Observe(int value) => ValueTask.CompletedTask;

    [Step] public ValueTask<long> Widen(int value) => new(value);
}

/// <summary>A flow nested in partial types.</summary>
public static partial class Outer
{
    public partial class Middle
    {
        [Flow("nested")]
        public sealed partial class NestedFlow
        {
            [Step] public string Echo(string text) => "nested:" + text;
        }
    }
}
