namespace FlowSdk.Durability.Tests;

/// <summary>Waits for a condition by checking it every <see cref="Interval"/> until a deadline: never a sleep that "should be enough".</summary>
internal static class Poll
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    /// <summary>Returns once <paramref name="condition"/> holds; throws naming <paramref name="what"/> when <paramref name="timeout"/> passed first.</summary>
    public static async Task UntilAsync(Func<bool> condition, TimeSpan timeout, string what, Func<string>? explain = null)
    {
        if (!await TryUntilAsync(condition, timeout))
        {
            throw new TimeoutException($"Waited {timeout.TotalSeconds:0.#} s for {what}.{(explain is null ? string.Empty : "\n" + explain())}");
        }
    }

    /// <summary>The asynchronous form: <paramref name="condition"/> may ask a worker over HTTP.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, Func<string>? explain = null)
    {
        if (!await TryUntilAsync(condition, timeout))
        {
            throw new TimeoutException($"Waited {timeout.TotalSeconds:0.#} s for {what}.{(explain is null ? string.Empty : "\n" + explain())}");
        }
    }

    /// <summary>Whether <paramref name="condition"/> came to hold before <paramref name="timeout"/>: for a test that reports its numbers either way.</summary>
    public static Task<bool> TryUntilAsync(Func<bool> condition, TimeSpan timeout) => TryUntilAsync(() => Task.FromResult(condition()), timeout);

    /// <summary>The asynchronous form of <see cref="TryUntilAsync(Func{bool}, TimeSpan)"/>.</summary>
    public static async Task<bool> TryUntilAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(Interval);
        }

        return true;
    }
}
