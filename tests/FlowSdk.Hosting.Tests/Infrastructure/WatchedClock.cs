using Microsoft.Extensions.Time.Testing;

namespace FlowSdk.Hosting.Tests;

/// <summary>
/// A fake clock that also tells when a timer starts and with which due time, so a test can advance the clock exactly
/// once a delay (a retry's backoff) is waiting, and see how long it is.
/// </summary>
public sealed class WatchedClock(FakeTimeProvider clock) : TimeProvider
{
    private readonly Probe _timers = new();

    public FakeTimeProvider Clock => clock;

    /// <summary>The due time of every timer started so far, in order.</summary>
    public IReadOnlyList<TimeSpan> DueTimes => _timers.Seen.Cast<TimeSpan>().ToList();

    public override long TimestampFrequency => clock.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => clock.LocalTimeZone;

    /// <summary>Completes when at least <paramref name="count"/> timers were started.</summary>
    public Task WhenTimers(int count) => _timers.WhenCount(count);

    public override DateTimeOffset GetUtcNow() => clock.GetUtcNow();

    public override long GetTimestamp() => clock.GetTimestamp();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        // Recorded once the timer exists, so an Advance after the signal always reaches it.
        var timer = clock.CreateTimer(callback, state, dueTime, period);
        _timers.Record(dueTime);
        return timer;
    }
}
