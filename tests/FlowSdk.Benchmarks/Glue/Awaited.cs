namespace FlowSdk.Benchmarks.Glue;

/// <summary>The slow path of the benchmark loops: never taken here, since every step completes synchronously.</summary>
public static class Awaited
{
    public static long Output(ValueTask<FlowResult<long>> run)
    {
        var result = run.AsTask().GetAwaiter().GetResult();
        return result.Outcome == FlowOutcome.Completed
            ? result.Output
            : throw new InvalidOperationException($"The flow did not complete: {result}.");
    }

    public static long Value(ValueTask<long> run) => run.AsTask().GetAwaiter().GetResult();
}
