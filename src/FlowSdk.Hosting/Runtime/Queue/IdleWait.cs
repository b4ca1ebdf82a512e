using System.Threading.Channels;

namespace FlowSdk.Hosting;

/// <summary>
/// One consumer's wait for more messages once it found the channel and every consumer's taken batch empty
/// (<see cref="TakenMessages{T}"/>). Another consumer may move the channel's messages into its batch between this one's
/// look and its wait, and no write would then wake it while they wait behind that consumer's running message. So the
/// wait is registered on the channel first and the batches looked at second (<see cref="TakenMessages{T}.HasHeld"/>,
/// which counts a refill under way): a refill that starts after the look reads messages written after the
/// registration, whose writes end the wait. A wait registered while a batch held messages is kept for the
/// consumer's next idle turn, not asked for again, since the channel reuses its one waiter object only once a wait's
/// result was read.
/// </summary>
internal struct IdleWait<T>
{
    private ValueTask<bool> _kept;
    private bool _isKept;

    /// <summary>True when there may be messages to take; false once the channel completed and is empty.</summary>
    public ValueTask<bool> WaitAsync(ChannelReader<T> reader, TakenMessages<T>[]? batches)
    {
        var wait = _isKept ? _kept : reader.WaitToReadAsync(CancellationToken.None);
        _isKept = false;
        if (!wait.IsCompleted && AnyHeld(batches))
        {
            (_kept, _isKept) = (wait, true);
            return new ValueTask<bool>(true);
        }

        return wait;
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
