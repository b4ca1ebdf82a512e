using FlowSdk;

namespace FlowSdk.Benchmarks.Glue;

// The flows the glue benchmarks run, written as a user writes them: each step is an instance method that does its work
// and returns the next payload. Working steps hash a few dozen bytes; trivial steps add one. Every step is either
// synchronous (returns long) or returns a ValueTask<long> that completes synchronously.

[Flow("glue-sync-working-1")]
public sealed partial class SyncWorking1Flow
{
    [Step]
    public long S1(long value) => Work.Hash(value);
}

[Flow("glue-sync-working-5")]
public sealed partial class SyncWorking5Flow
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
}

[Flow("glue-sync-working-10")]
public sealed partial class SyncWorking10Flow
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
    public long S6(long value) => Work.Hash(value);

    [Step]
    public long S7(long value) => Work.Hash(value);

    [Step]
    public long S8(long value) => Work.Hash(value);

    [Step]
    public long S9(long value) => Work.Hash(value);

    [Step]
    public long S10(long value) => Work.Hash(value);
}

[Flow("glue-sync-trivial-1")]
public sealed partial class SyncTrivial1Flow
{
    [Step]
    public long S1(long value) => Work.Trivial(value);
}

[Flow("glue-sync-trivial-5")]
public sealed partial class SyncTrivial5Flow
{
    [Step]
    public long S1(long value) => Work.Trivial(value);

    [Step]
    public long S2(long value) => Work.Trivial(value);

    [Step]
    public long S3(long value) => Work.Trivial(value);

    [Step]
    public long S4(long value) => Work.Trivial(value);

    [Step]
    public long S5(long value) => Work.Trivial(value);
}

[Flow("glue-sync-trivial-10")]
public sealed partial class SyncTrivial10Flow
{
    [Step]
    public long S1(long value) => Work.Trivial(value);

    [Step]
    public long S2(long value) => Work.Trivial(value);

    [Step]
    public long S3(long value) => Work.Trivial(value);

    [Step]
    public long S4(long value) => Work.Trivial(value);

    [Step]
    public long S5(long value) => Work.Trivial(value);

    [Step]
    public long S6(long value) => Work.Trivial(value);

    [Step]
    public long S7(long value) => Work.Trivial(value);

    [Step]
    public long S8(long value) => Work.Trivial(value);

    [Step]
    public long S9(long value) => Work.Trivial(value);

    [Step]
    public long S10(long value) => Work.Trivial(value);
}

[Flow("glue-valuetask-working-1")]
public sealed partial class ValueTaskWorking1Flow
{
    [Step]
    public ValueTask<long> S1(long value) => new(Work.Hash(value));
}

[Flow("glue-valuetask-working-5")]
public sealed partial class ValueTaskWorking5Flow
{
    [Step]
    public ValueTask<long> S1(long value) => new(Work.Hash(value));

    [Step]
    public ValueTask<long> S2(long value) => new(Work.Hash(value));

    [Step]
    public ValueTask<long> S3(long value) => new(Work.Hash(value));

    [Step]
    public ValueTask<long> S4(long value) => new(Work.Hash(value));

    [Step]
    public ValueTask<long> S5(long value) => new(Work.Hash(value));
}

[Flow("glue-valuetask-working-10")]
public sealed partial class ValueTaskWorking10Flow
{
    [Step]
    public ValueTask<long> S1(long value) => new(Work.Hash(value));

    [Step]
    public ValueTask<long> S2(long value) => new(Work.Hash(value));

    [Step]
    public ValueTask<long> S3(long value) => new(Work.Hash(value));

    [Step]
    public ValueTask<long> S4(long value) => new(Work.Hash(value));

    [Step]
    public ValueTask<long> S5(long value) => new(Work.Hash(value));

    [Step]
    public ValueTask<long> S6(long value) => new(Work.Hash(value));

    [Step]
    public ValueTask<long> S7(long value) => new(Work.Hash(value));

    [Step]
    public ValueTask<long> S8(long value) => new(Work.Hash(value));

    [Step]
    public ValueTask<long> S9(long value) => new(Work.Hash(value));

    [Step]
    public ValueTask<long> S10(long value) => new(Work.Hash(value));
}

[Flow("glue-valuetask-trivial-1")]
public sealed partial class ValueTaskTrivial1Flow
{
    [Step]
    public ValueTask<long> S1(long value) => new(Work.Trivial(value));
}

[Flow("glue-valuetask-trivial-5")]
public sealed partial class ValueTaskTrivial5Flow
{
    [Step]
    public ValueTask<long> S1(long value) => new(Work.Trivial(value));

    [Step]
    public ValueTask<long> S2(long value) => new(Work.Trivial(value));

    [Step]
    public ValueTask<long> S3(long value) => new(Work.Trivial(value));

    [Step]
    public ValueTask<long> S4(long value) => new(Work.Trivial(value));

    [Step]
    public ValueTask<long> S5(long value) => new(Work.Trivial(value));
}

[Flow("glue-valuetask-trivial-10")]
public sealed partial class ValueTaskTrivial10Flow
{
    [Step]
    public ValueTask<long> S1(long value) => new(Work.Trivial(value));

    [Step]
    public ValueTask<long> S2(long value) => new(Work.Trivial(value));

    [Step]
    public ValueTask<long> S3(long value) => new(Work.Trivial(value));

    [Step]
    public ValueTask<long> S4(long value) => new(Work.Trivial(value));

    [Step]
    public ValueTask<long> S5(long value) => new(Work.Trivial(value));

    [Step]
    public ValueTask<long> S6(long value) => new(Work.Trivial(value));

    [Step]
    public ValueTask<long> S7(long value) => new(Work.Trivial(value));

    [Step]
    public ValueTask<long> S8(long value) => new(Work.Trivial(value));

    [Step]
    public ValueTask<long> S9(long value) => new(Work.Trivial(value));

    [Step]
    public ValueTask<long> S10(long value) => new(Work.Trivial(value));
}
