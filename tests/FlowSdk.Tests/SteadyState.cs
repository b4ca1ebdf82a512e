namespace FlowSdk.Tests;

/// <summary>Measures what a warm loop allocates on the calling thread.</summary>
internal static class SteadyState
{
    /// <summary>
    /// The fewest bytes one of a few rounds of <paramref name="messages"/> runs allocated, after a warm-up round. A cost
    /// per message shows in every round; a one-off of the runtime's (a method being recompiled at a higher tier while a
    /// round runs) shows in one round only, and is not the code under test.
    /// </summary>
    public static long AllocatedBytes(int messages, Action<int> run)
    {
        for (var i = 0; i < messages; i++)
        {
            run(i);
        }

        var fewest = long.MaxValue;
        for (var round = 0; round < 3 && fewest != 0; round++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < messages; i++)
            {
                run(i);
            }

            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return fewest;
    }
}
