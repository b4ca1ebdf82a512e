namespace FlowSdk.Hosting;

/// <summary>
/// The wall clock a runner stamps execution ids and unobserved start times with. Reading the precise system clock costs
/// tens of ns in a virtual machine, a large share of a cheap message; on <see cref="TimeProvider.System"/> this reads
/// the operating system's coarse tick instead (a few ns, a resolution of a few ms) and adds the offset to UTC taken from
/// the precise clock at most a second before. Any other <see cref="TimeProvider"/> (a test's fake clock) is read as it is.
/// </summary>
internal sealed class HostClock(TimeProvider time)
{
    private const long ResyncMilliseconds = 1_000;
    private readonly bool _coarse = ReferenceEquals(time, TimeProvider.System);
    private long _offset;
    private long _syncedAt = long.MinValue / 2;

    /// <summary>The host's time provider, for precise reads.</summary>
    public TimeProvider Time => time;

    /// <summary>Now, to the millisecond and within the coarse tick's resolution.</summary>
    public DateTimeOffset CoarseUtcNow()
    {
        if (!_coarse)
        {
            return time.GetUtcNow();
        }

        var tick = Environment.TickCount64;
        if (tick - Volatile.Read(ref _syncedAt) >= ResyncMilliseconds)
        {
            Resync(tick);
        }

        return DateTimeOffset.FromUnixTimeMilliseconds(tick + Volatile.Read(ref _offset));
    }

    /// <summary>
    /// When an execution that started at <paramref name="startedAt"/> and took <paramref name="elapsed"/> ended: the
    /// start plus the elapsed time on the system clock (one read fewer), the provider's own now on any other.
    /// </summary>
    public DateTimeOffset EndedAt(DateTimeOffset startedAt, TimeSpan elapsed) => _coarse ? startedAt + elapsed : time.GetUtcNow();

    // The offset is published before the sync time, so a reader that sees the new sync time also sees the new offset.
    private void Resync(long tick)
    {
        Volatile.Write(ref _offset, time.GetUtcNow().ToUnixTimeMilliseconds() - tick);
        Volatile.Write(ref _syncedAt, tick);
    }
}
