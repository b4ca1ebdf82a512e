namespace FlowSdk.Benchmarks.Glue;

/// <summary>
/// The same pipelines written by hand: the flow's own step methods called one after another, the way a developer
/// would write them without FlowSdk (no error handling, no result type, nothing else).
/// </summary>
public static class HandWritten
{
    public static long SyncWorking1(SyncWorking1Flow flow, long value) => flow.S1(value);

    public static long SyncWorking5(SyncWorking5Flow flow, long value) => flow.S5(flow.S4(flow.S3(flow.S2(flow.S1(value)))));

    public static long SyncWorking10(SyncWorking10Flow flow, long value) => flow.S10(flow.S9(flow.S8(flow.S7(flow.S6(flow.S5(flow.S4(flow.S3(flow.S2(flow.S1(value))))))))));

    public static long SyncTrivial1(SyncTrivial1Flow flow, long value) => flow.S1(value);

    public static long SyncTrivial5(SyncTrivial5Flow flow, long value) => flow.S5(flow.S4(flow.S3(flow.S2(flow.S1(value)))));

    public static long SyncTrivial10(SyncTrivial10Flow flow, long value) => flow.S10(flow.S9(flow.S8(flow.S7(flow.S6(flow.S5(flow.S4(flow.S3(flow.S2(flow.S1(value))))))))));

    public static async ValueTask<long> ValueTaskWorking1(ValueTaskWorking1Flow flow, long value)
    {
        var p1 = await flow.S1(value);
        return p1;
    }

    public static async ValueTask<long> ValueTaskWorking5(ValueTaskWorking5Flow flow, long value)
    {
        var p1 = await flow.S1(value);
        var p2 = await flow.S2(p1);
        var p3 = await flow.S3(p2);
        var p4 = await flow.S4(p3);
        var p5 = await flow.S5(p4);
        return p5;
    }

    public static async ValueTask<long> ValueTaskWorking10(ValueTaskWorking10Flow flow, long value)
    {
        var p1 = await flow.S1(value);
        var p2 = await flow.S2(p1);
        var p3 = await flow.S3(p2);
        var p4 = await flow.S4(p3);
        var p5 = await flow.S5(p4);
        var p6 = await flow.S6(p5);
        var p7 = await flow.S7(p6);
        var p8 = await flow.S8(p7);
        var p9 = await flow.S9(p8);
        var p10 = await flow.S10(p9);
        return p10;
    }

    public static async ValueTask<long> ValueTaskTrivial1(ValueTaskTrivial1Flow flow, long value)
    {
        var p1 = await flow.S1(value);
        return p1;
    }

    public static async ValueTask<long> ValueTaskTrivial5(ValueTaskTrivial5Flow flow, long value)
    {
        var p1 = await flow.S1(value);
        var p2 = await flow.S2(p1);
        var p3 = await flow.S3(p2);
        var p4 = await flow.S4(p3);
        var p5 = await flow.S5(p4);
        return p5;
    }

    public static async ValueTask<long> ValueTaskTrivial10(ValueTaskTrivial10Flow flow, long value)
    {
        var p1 = await flow.S1(value);
        var p2 = await flow.S2(p1);
        var p3 = await flow.S3(p2);
        var p4 = await flow.S4(p3);
        var p5 = await flow.S5(p4);
        var p6 = await flow.S6(p5);
        var p7 = await flow.S7(p6);
        var p8 = await flow.S8(p7);
        var p9 = await flow.S9(p8);
        var p10 = await flow.S10(p9);
        return p10;
    }
}
