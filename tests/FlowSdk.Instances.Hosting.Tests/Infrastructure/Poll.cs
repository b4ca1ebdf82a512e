namespace FlowSdk.Instances.Hosting.Tests;

/// <summary>
/// Reads a store until what it returns satisfies a condition, for state written by a background writer that offers no
/// signal (history rows, dead letters); a deadline, not a sleep, bounds it.
/// </summary>
public static class Poll
{
    public static async Task<T> UntilAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var deadline = DateTime.UtcNow + Recorder.Timeout;
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The condition did not hold within {Recorder.Timeout}; last value: {value}");
            }

            await Task.Delay(20);
        }
    }
}
