using System.Diagnostics;
using BenchmarkDotNet.Attributes;

namespace FlowSdk.Benchmarks.Hosted;

/// <summary>
/// What the primitives a host pays per message cost on this machine: a version 7 execution id (a random number from the
/// operating system and a clock read), a clock read alone, a timestamp, and the ambient activity. They explain the gap
/// between the trigger host and the hand-written loop in <see cref="HostedBenchmarks"/>.
/// </summary>
[MemoryDiagnoser]
public class PerMessagePrimitivesBenchmarks
{
    private const int Calls = 256;

    private readonly TimeProvider _time = TimeProvider.System;

    [Benchmark(Baseline = true, OperationsPerInvoke = Calls)]
    public long TimestampOnly_Baseline()
    {
        long sum = 0;
        for (var i = 0; i < Calls; i++)
        {
            sum += Stopwatch.GetTimestamp();
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Calls)]
    public long UtcNow()
    {
        long sum = 0;
        for (var i = 0; i < Calls; i++)
        {
            sum += _time.GetUtcNow().UtcTicks;
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Calls)]
    public int GuidVersion7()
    {
        var hash = 0;
        for (var i = 0; i < Calls; i++)
        {
            hash ^= Guid.CreateVersion7(_time.GetUtcNow()).GetHashCode();
        }

        return hash;
    }

    [Benchmark(OperationsPerInvoke = Calls)]
    public int GuidVersion4()
    {
        var hash = 0;
        for (var i = 0; i < Calls; i++)
        {
            hash ^= Guid.NewGuid().GetHashCode();
        }

        return hash;
    }

    [Benchmark(OperationsPerInvoke = Calls)]
    public int ActivityCurrent()
    {
        var count = 0;
        for (var i = 0; i < Calls; i++)
        {
            count += Activity.Current is null ? 1 : 0;
        }

        return count;
    }
}
