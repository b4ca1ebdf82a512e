using FlowSdk;

namespace FlowSdk.Tests.Flows;

/// <summary>Steps that fail a given number of times before they succeed, each with its own retry policy.</summary>
[Flow("retrying")]
public sealed partial class RetryingFlow
{
    public int LoadFailures { get; set; }

    public int SaveFailures { get; set; }

    public int LoadAttempts { get; private set; }

    public int SaveAttempts { get; private set; }

    [Step]
    [Retry(3, BaseDelayMilliseconds = 0)]
    public int Load(string key, FlowContext context)
    {
        LoadAttempts++;
        return LoadAttempts <= LoadFailures ? throw new TimeoutException("flaky " + context.FlowName) : key.Length;
    }

    [Filter]
    [Retry(2, BaseDelayMilliseconds = 0)]
    public async Task<bool> Check(int length)
    {
        await Task.Yield();
        return length > 0;
    }

    [Step]
    [Retry(2, BaseDelayMilliseconds = 0)]
    public void Save(int length, CancellationToken ct)
    {
        SaveAttempts++;
        if (SaveAttempts <= SaveFailures)
        {
            throw new IOException("disk busy");
        }
    }
}
