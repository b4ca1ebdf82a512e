using System.Runtime.CompilerServices;

namespace FlowSdk.Benchmarks.Glue;

/// <summary>
/// The work a "working" step does: FNV-1a over 32 bytes, seeded with the payload, about the cost of mapping a few
/// fields. Not inlined, so every step costs one real call in both the generated and the hand-written pipeline.
/// </summary>
public static class Work
{
    private static readonly byte[] s_record = CreateRecord();

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long Hash(long seed)
    {
        var hash = 14695981039346656037UL ^ (ulong)seed;
        foreach (var b in s_record)
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return (long)hash;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long Trivial(long value) => value + 1;

    private static byte[] CreateRecord()
    {
        var record = new byte[32];
        for (var i = 0; i < record.Length; i++)
        {
            record[i] = (byte)(i * 31 + 7);
        }

        return record;
    }
}
