using System.Reflection;
using FlowSdk.Benchmarks.Glue;

namespace FlowSdk.Benchmarks.Peers;

/// <summary>The two five-step flows every peer runs: their step methods are the work each pipeline composes.</summary>
public sealed class PeerSteps
{
    public SyncWorking5Flow Working { get; } = new();

    public SyncTrivial5Flow Trivial { get; } = new();

    /// <summary>The five steps as object-typed delegates: the payload is boxed between steps.</summary>
    public Func<object, object>[] Delegates(StepWork work) => work == StepWork.Working
        ?
        [
            p => Working.S1((long)p),
            p => Working.S2((long)p),
            p => Working.S3((long)p),
            p => Working.S4((long)p),
            p => Working.S5((long)p),
        ]
        :
        [
            p => Trivial.S1((long)p),
            p => Trivial.S2((long)p),
            p => Trivial.S3((long)p),
            p => Trivial.S4((long)p),
            p => Trivial.S5((long)p),
        ];

    /// <summary>The target the reflection pipeline invokes its methods on.</summary>
    public object Target(StepWork work) => work == StepWork.Working ? Working : Trivial;

    /// <summary>The five step methods found by reflection, in declaration order (as a reflection-based runner finds them).</summary>
    public static MethodInfo[] Methods(StepWork work)
    {
        var type = work == StepWork.Working ? typeof(SyncWorking5Flow) : typeof(SyncTrivial5Flow);
        return [.. Enumerable.Range(1, 5).Select(i => type.GetMethod("S" + i, BindingFlags.Public | BindingFlags.Instance)!)];
    }

    /// <summary>A step as a plain typed delegate, for the Dataflow blocks.</summary>
    public Func<long, long>[] Typed(StepWork work) => work == StepWork.Working
        ? [Working.S1, Working.S2, Working.S3, Working.S4, Working.S5]
        : [Trivial.S1, Trivial.S2, Trivial.S3, Trivial.S4, Trivial.S5];
}
