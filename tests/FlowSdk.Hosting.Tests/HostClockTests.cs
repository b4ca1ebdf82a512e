using Microsoft.Extensions.Time.Testing;

namespace FlowSdk.Hosting.Tests;

/// <summary>The runner's clock: cheap on the system clock, exact on any other.</summary>
public sealed class HostClockTests
{
    [Fact]
    public void A_fake_clock_is_read_as_it_is()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 8, 0, 0, 123, TimeSpan.Zero));
        var clock = new HostClock(time);

        Assert.Equal(time.GetUtcNow(), clock.CoarseUtcNow());
        var startedAt = time.GetUtcNow();
        time.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(startedAt.AddSeconds(3), clock.EndedAt(startedAt, TimeSpan.FromMilliseconds(1)));
    }

    [Fact]
    public void The_system_clock_is_read_coarsely_but_stays_on_time()
    {
        var clock = new HostClock(TimeProvider.System);

        for (var i = 0; i < 1_000; i++)
        {
            var before = DateTimeOffset.UtcNow;
            var coarse = clock.CoarseUtcNow();
            var after = DateTimeOffset.UtcNow;

            // Millisecond values within the coarse tick's resolution (a few ms) of the precise clock.
            Assert.Equal(0, coarse.Ticks % TimeSpan.TicksPerMillisecond);
            Assert.InRange(coarse, before.AddMilliseconds(-50), after.AddMilliseconds(50));
        }

        var startedAt = clock.CoarseUtcNow();
        Assert.Equal(startedAt.AddMilliseconds(250), clock.EndedAt(startedAt, TimeSpan.FromMilliseconds(250)));
    }
}
