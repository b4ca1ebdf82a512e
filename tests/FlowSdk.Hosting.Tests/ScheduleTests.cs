using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace FlowSdk.Hosting.Tests;

public sealed class ScheduleTests
{
    private const string Planned = "next fires at";
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, 500, TimeSpan.Zero);

    private static Task<IHost> StartAsync<TFlow>(FakeTimeProvider time, Probe probe, LogCapture logs, FlowDefinition definition, ReportCollector? reports = null)
        where TFlow : class, IFlow<ScheduledTick, ScheduledTick> =>
        WorkerTestHost.StartAsync(
            s =>
            {
                s.AddSingleton<TimeProvider>(time).AddSingleton(probe);
                if (reports is not null)
                {
                    s.AddSingleton<IFlowExecutionListener>(reports);
                }

                s.AddTestFlow<TFlow, ScheduledTick, ScheduledTick>(definition);
            },
            logs: logs);

    [Fact]
    public async Task A_per_second_schedule_fires_every_second_on_the_fake_clock()
    {
        var time = new FakeTimeProvider(Start);
        var probe = new Probe();
        var logs = new LogCapture();
        var reports = new ReportCollector();
        using var host = await StartAsync<TickFlow>(time, probe, logs, TickFlow.Definition, reports);

        for (var i = 1; i <= 3; i++)
        {
            // The next tick is planned and the previous run has finished (otherwise the tick would overlap it).
            await logs.WhenLogged(Planned, i);
            await reports.WhenCount(i - 1);
            time.Advance(TimeSpan.FromSeconds(1));
            await probe.WhenCount(i);
        }

        var ticks = probe.Seen.Cast<ScheduledTick>().ToList();
        Assert.Equal([Start.AddSeconds(0.5), Start.AddSeconds(1.5), Start.AddSeconds(2.5)], ticks.Select(t => t.ScheduledAt));
        Assert.All(ticks, t => Assert.True(t.FiredAt >= t.ScheduledAt));
        await host.StopAsync();
    }

    [Fact]
    public async Task Missed_ticks_are_coalesced_into_one_run_and_the_schedule_resumes_from_now()
    {
        var time = new FakeTimeProvider(Start);
        var probe = new Probe();
        var logs = new LogCapture();
        var reports = new ReportCollector();
        using var host = await StartAsync<TickFlow>(time, probe, logs, TickFlow.Definition, reports);

        await logs.WhenLogged(Planned, 1);
        time.Advance(TimeSpan.FromSeconds(10)); // ten occurrences are due at once
        await logs.WhenLogged(Planned, 2);
        await reports.WhenCount(1);
        time.Advance(TimeSpan.FromSeconds(1));
        await probe.WhenCount(2);

        var ticks = probe.Seen.Cast<ScheduledTick>().ToList();
        Assert.Equal(2, ticks.Count);
        Assert.Equal(Start.AddSeconds(0.5), ticks[0].ScheduledAt);
        Assert.Equal(Start.AddSeconds(10), ticks[0].FiredAt);
        Assert.Equal(Start.AddSeconds(10.5), ticks[1].ScheduledAt);
        await host.StopAsync();
    }

    [Fact]
    public async Task A_clock_that_moves_past_the_due_time_while_the_scheduler_arms_its_timer_still_fires_the_tick()
    {
        // The scheduler reads the clock, then arms a timer for the rest of the wait. A test that advances a fake clock
        // as soon as the next tick is planned can land between the two; this clock does so on purpose.
        var time = new JumpingClock(Start) { JumpOnNextTimer = TimeSpan.FromSeconds(10) };
        var probe = new Probe();
        var logs = new LogCapture();
        using var host = await StartAsync<TickFlow>(time, probe, logs, TickFlow.Definition);

        await probe.WhenCount(1);

        var tick = Assert.IsType<ScheduledTick>(Assert.Single(probe.Seen));
        Assert.Equal(Start.AddSeconds(0.5), tick.ScheduledAt);
        Assert.Equal(Start.AddSeconds(10), tick.FiredAt);
        await host.StopAsync();
    }

    [Fact]
    public async Task A_tick_is_skipped_while_the_previous_run_of_the_schedule_is_still_going()
    {
        var time = new FakeTimeProvider(Start);
        var probe = new Probe { Gated = true };
        var logs = new LogCapture();
        var reports = new ReportCollector();
        using var host = await StartAsync<SlowTickFlow>(time, probe, logs, SlowTickFlow.Definition, reports);

        await logs.WhenLogged(Planned, 1);
        time.Advance(TimeSpan.FromSeconds(1));
        await probe.WhenCount(1);
        for (var i = 1; i <= 2; i++)
        {
            await logs.WhenLogged(Planned, i + 1);
            time.Advance(TimeSpan.FromSeconds(1));
            await logs.WhenLogged("the previous run is still going", i);
        }

        Assert.Equal(1, probe.Count);
        probe.Release();
        await reports.WhenCount(1);
        await logs.WhenLogged(Planned, 4);
        time.Advance(TimeSpan.FromSeconds(1));
        await probe.WhenCount(2);
        Assert.Equal(1, probe.Peak);
        await host.StopAsync();
    }

    [Fact]
    public async Task AllowOverlap_lets_ticks_run_side_by_side()
    {
        var time = new FakeTimeProvider(Start);
        var probe = new Probe { Gated = true };
        var logs = new LogCapture();
        using var host = await StartAsync<OverlapTickFlow>(time, probe, logs, OverlapTickFlow.Definition);

        await logs.WhenLogged(Planned, 1);
        time.Advance(TimeSpan.FromSeconds(1));
        await probe.WhenCount(1);
        await logs.WhenLogged(Planned, 2);
        time.Advance(TimeSpan.FromSeconds(1));
        await probe.WhenCount(2);

        Assert.Equal(2, probe.Peak);
        probe.Release();
        await host.StopAsync();
    }

    [Fact]
    public async Task One_scheduler_serves_every_schedule()
    {
        var time = new FakeTimeProvider(Start);
        using var host = await WorkerTestHost.StartAsync(s => s
            .AddSingleton<TimeProvider>(time)
            .AddSingleton(new Probe())
            .AddTestFlow<TickFlow, ScheduledTick, ScheduledTick>(TickFlow.Definition)
            .AddTestFlow<MinuteTickFlow, ScheduledTick, ScheduledTick>(MinuteTickFlow.Definition));

        var scheduler = Assert.Single(host.Services.GetServices<IHostedService>().OfType<FlowScheduler>());

        Assert.Equal(["ticks", "minute-ticks"], scheduler.Entries.Select(e => e.FlowName));
        await host.StopAsync();
    }

    [Fact]
    public void Cron_of_five_fields_runs_in_the_declared_time_zone_across_daylight_saving()
    {
        var schedule = CronSchedule.Parse("f", new ScheduleTriggerAttribute("0 9 * * *") { TimeZone = "Europe/Berlin" });

        Assert.Equal(new DateTimeOffset(2026, 1, 15, 8, 0, 0, TimeSpan.Zero), schedule.Next(new DateTimeOffset(2026, 1, 15, 0, 0, 0, TimeSpan.Zero)));
        Assert.Equal(new DateTimeOffset(2026, 7, 15, 7, 0, 0, TimeSpan.Zero), schedule.Next(new DateTimeOffset(2026, 7, 15, 0, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void Cron_of_six_fields_has_seconds()
    {
        var schedule = CronSchedule.Parse("f", new ScheduleTriggerAttribute("*/15 * * * * *"));

        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 15, TimeSpan.Zero), schedule.Next(new DateTimeOffset(2026, 1, 1, 0, 0, 1, TimeSpan.Zero)));
    }

    [Theory]
    [InlineData("not a cron", null, "not a valid cron expression")]
    [InlineData("* * * * *", "Mars/Olympus", "time zone 'Mars/Olympus' is unknown")]
    public void Bad_schedules_are_refused_naming_the_flow(string cron, string? zone, string message)
    {
        var error = Assert.Throws<InvalidOperationException>(() => CronSchedule.Parse("my-flow", new ScheduleTriggerAttribute(cron) { TimeZone = zone }));

        Assert.Contains("my-flow", error.Message, StringComparison.Ordinal);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    /// <summary>A fake clock that moves forward by <see cref="JumpOnNextTimer"/> just before it creates the next timer.</summary>
    private sealed class JumpingClock(DateTimeOffset start) : FakeTimeProvider(start)
    {
        public TimeSpan JumpOnNextTimer { get; set; }

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var jump = JumpOnNextTimer;
            JumpOnNextTimer = TimeSpan.Zero;
            if (jump > TimeSpan.Zero)
            {
                Advance(jump);
            }

            return base.CreateTimer(callback, state, dueTime, period);
        }
    }
}
