using System.Runtime.CompilerServices;
using FlowSdk;

namespace FlowSdk.Tests.Flows;

public sealed record Batch(string Name, int[] Lines);

/// <summary>A synchronous split: every line runs the remaining steps, in order.</summary>
[Flow("batch-lines")]
public sealed partial class BatchFlow
{
    public List<string> Processed { get; } = [];

    [Split]
    public IEnumerable<int> Lines(Batch batch) => batch.Lines;

    [Filter]
    public bool NotZero(int line) => line != 0;

    [Step]
    public int Invert(int line) => 100 / (line - 13); // line 13 throws

    [Step]
    public void Keep(int value) => Processed.Add(value.ToString(System.Globalization.CultureInfo.InvariantCulture));
}

/// <summary>An asynchronous split with a context parameter and an awaited step after it.</summary>
[Flow("async-batch")]
public sealed partial class AsyncBatchFlow
{
    public List<string> Processed { get; } = [];

    [Split]
    public async IAsyncEnumerable<string> Read(int count, [EnumeratorCancellation] CancellationToken ct)
    {
        for (var i = 1; i <= count; i++)
        {
            await Task.Yield();
            ct.ThrowIfCancellationRequested();
            yield return "item-" + i;
        }
    }

    [Step]
    public async ValueTask<string> Upper(string item, FlowContext context)
    {
        await Task.Yield();
        return context.FlowName + ":" + item.ToUpperInvariant();
    }

    [Step]
    public void Keep(string item) => Processed.Add(item);
}

/// <summary>A split nested in a split; the tally counts the innermost items.</summary>
[Flow("nested-split")]
public sealed partial class NestedSplitFlow
{
    [Split]
    public IEnumerable<int[]> Groups(int[][] groups) => groups;

    [Split]
    public IEnumerable<int> Members(int[] group) => group;

    [Filter]
    public bool Odd(int value) => value % 2 == 1;
}

/// <summary>A synchronous split followed by a step that may await: the split runs in the async continuation.</summary>
[Flow("split-then-async")]
public sealed partial class SplitThenAsyncFlow
{
    [Step]
    public int[] Range(int count) => Enumerable.Range(1, count).ToArray();

    [Split]
    public IEnumerable<int> Each(int[] values) => values;

    [Step]
    public async Task<int> Double(int value)
    {
        await Task.Yield();
        return value * 2;
    }
}
