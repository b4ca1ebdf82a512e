namespace FlowSdk.Hosting;

/// <summary>
/// One consumer's wait for more messages once it found the channel and every consumer's taken batch empty
/// (<see cref="TakenMessages{T}"/>). Another consumer may move the channel's messages into its batch between this one's
/// look and its sleep, and a write would then wake no one while they wait behind that consumer's running message. So
/// the consumer sleeps first (<see cref="FlowChannel{T}.Sleep"/>) and looks at the batches second
/// (<see cref="TakenMessages{T}.HasHeld"/>, which counts a refill under way): a refill that starts after the look
/// takes messages written after the sleep began, and each of those writes woke a sleeper. A consumer that finds held
/// messages withdraws its sleep, so a write's one wake never goes to a consumer that is not idle.
/// </summary>
internal sealed class IdleWait<T>
{
    private readonly ConsumerWait _wait = new();

    /// <summary>True when there may be messages to take; false once the channel completed and is empty.</summary>
    public ValueTask<bool> WaitAsync(FlowChannel<T> channel, TakenMessages<T>[]? batches)
    {
        switch (channel.Sleep(_wait))
        {
            case FlowChannel<T>.SleepOutcome.Work:
                return new ValueTask<bool>(true);
            case FlowChannel<T>.SleepOutcome.Completed:
                return new ValueTask<bool>(false);
        }

        // A wake already on its way cannot be withdrawn: it is awaited, and ends at once.
        return AnyHeld(batches) && channel.Withdraw(_wait) ? new ValueTask<bool>(true) : _wait.WaitAsync();
    }

    private static bool AnyHeld(TakenMessages<T>[]? batches)
    {
        if (batches is not null)
        {
            foreach (var batch in batches)
            {
                if (batch.HasHeld)
                {
                    return true;
                }
            }
        }

        return false;
    }
}
