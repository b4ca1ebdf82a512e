using System.Diagnostics;
using FlowSdk.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace FlowSdk.Instances.Hosting.Tests;

public sealed class InstanceScheduleTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, 500, TimeSpan.Zero);

    private static DateTimeOffset Tick(Seen seen) => ((ScheduledTick)seen.Payload).ScheduledAt;

    [Fact]
    public async Task Ten_thousand_instances_each_fire_on_the_one_scheduler_without_a_thread_or_timer_apiece()
    {
        const int Instances = 10_000;
        var time = new TimerCountingTimeProvider(Start);
        var store = new MemoryInstanceStore();
        for (var i = 0; i < Instances; i++)
        {
            await store.DeployAsync(new InstanceDeployment { Id = $"customer-{i:D5}", FlowName = "ticking", ConfigurationJson = $$"""{"greeting":"hello {{i}}"}""" });
        }

        var history = new CountingHistory();
        var threadsBefore = Process.GetCurrentProcess().Threads.Count;
        await using var host = await InstanceHost.StartAsync(
            s =>
            {
                s.RemoveAll<IInstanceStore>().AddSingleton<IInstanceStore>(store);
                s.RemoveAll<IExecutionHistory>().AddSingleton<IExecutionHistory>(history);
                s.Configure<FlowOptions>("ticking", o =>
                {
                    o.Capacity = 2 * Instances;
                    o.MaxConcurrency = 4;
                });
            },
            time);
        var registry = host.Services.GetRequiredService<FlowScheduleRegistry>();

        // The catalog's first read runs at start; a second refresh returns once its change handlers ran.
        await host.Catalog.WaitForVersionAsync(Instances).WaitAsync(Recorder.Timeout);
        await host.Catalog.RefreshAsync();
        Assert.Equal(Instances, registry.Count);
        var planning = Stopwatch.StartNew();
        await registry.WhenPlanned().WaitAsync(Recorder.Timeout);
        var planned = planning.Elapsed;
        var threadsScheduled = Process.GetCurrentProcess().Threads.Count;
        var timersScheduled = time.LiveTimers;

        var firing = Stopwatch.StartNew();
        time.Advance(TimeSpan.FromHours(1));
        await host.Recorder.When(null, Instances);
        var fired = firing.Elapsed;
        var timersFired = time.LiveTimers;

        output.WriteLine($"{Instances} instance schedules: planned in {planned.TotalMilliseconds:F0} ms, all fired and ran in {fired.TotalMilliseconds:F0} ms; process threads {threadsBefore} before the host, {threadsScheduled} with every schedule planned; timers alive on the host's clock: {timersScheduled} with every schedule planned, {timersFired} once they fired");
        var seen = host.Recorder.Seen.ToList();
        Assert.Equal(Instances, seen.Select(s => s.InstanceId).Distinct().Count());
        Assert.All(seen, s => Assert.Equal(Start.AddHours(1).AddMilliseconds(-500), Tick(s)));
        Assert.All(seen, s => Assert.Equal("hello " + s.InstanceId["customer-".Length..].TrimStart('0').PadLeft(1, '0'), ((GreetingConfig)s.Configuration!).Greeting));
        Assert.DoesNotContain(seen, s => s.InstanceId == FlowContext.DefaultInstanceId);

        // A timer per schedule would show as ten thousand live timers on the host's clock, a thread per schedule as ten
        // thousand more threads. The thread count is the whole process's, and other test classes start and stop hosts
        // (and the thread pool grows on a loaded machine) meanwhile, so its bound only has to tell a thread apiece from
        // noise. Timers created are no measure either: each schedule change wakes the scheduler, which then waits again
        // on a new delay, so how many it creates depends on how the changes interleave with its loop.
        Assert.True(timersScheduled < 50, $"{timersScheduled} timers alive on the host's clock with {Instances} schedules planned");
        Assert.True(timersFired < 50, $"{timersFired} timers alive on the host's clock once {Instances} schedules fired");
        Assert.True(threadsScheduled - threadsBefore < Instances / 10, $"threads grew from {threadsBefore} to {threadsScheduled}");
        await host.Services.GetRequiredService<InstanceExecutionRecorder>().WhenWritten(Instances).WaitAsync(Recorder.Timeout);
        Assert.Equal(Instances, history.Count);
    }

    [Fact]
    public async Task Each_instance_fires_on_its_override_or_the_flows_cron_and_run_time_changes_are_followed()
    {
        var time = new FakeTimeProvider(Start);
        await using var host = await InstanceHost.StartAsync(time: time);
        var registry = host.Services.GetRequiredService<FlowScheduleRegistry>();
        await host.DeployAsync("hourly", "ticking", "h");
        await host.DeployAsync("five", "ticking", "f", schedule: "*/5 * * * *");
        await host.DeployAsync("off", "ticking", "o", enabled: false, schedule: "* * * * *");
        await registry.WhenPlanned().WaitAsync(Recorder.Timeout);

        time.Advance(TimeSpan.FromMinutes(5));
        await host.Recorder.When("five", 1);
        Assert.Equal(Start.AddMinutes(5).AddMilliseconds(-500), Tick(host.Recorder.Seen.Single()));

        // Deployed while running: fires at its next minute.
        await host.DeployAsync("late", "ticking", "l", schedule: "* * * * *");
        await registry.WhenPlanned().WaitAsync(Recorder.Timeout);
        time.Advance(TimeSpan.FromMinutes(1));
        await host.Recorder.When("late", 1);

        // Deleted, enabled, rescheduled while running.
        await host.Manager.DeleteAsync("late");
        await host.Manager.SetEnabledAsync("off", enabled: true);
        var moved = await host.Manager.UpdateAsync("five", new InstanceUpdate { ConfigurationJson = """{"greeting":"f2"}""", Schedule = "30 2 * * *" });
        await host.SeeAsync(moved.Version);
        await registry.WhenPlanned().WaitAsync(Recorder.Timeout);
        time.Advance(TimeSpan.FromMinutes(1));
        await host.Recorder.When("off", 1);

        // One consumer takes ticks in the order they fired, so once the 01:00 tick ran, a 00:07 tick of "late" would have too.
        time.Advance(TimeSpan.FromMinutes(53));
        await host.Recorder.When("hourly", 1);

        Assert.Equal(1, host.Recorder.Count("late"));
        Assert.Equal(1, host.Recorder.Count("five"));
        Assert.Equal(1, host.Recorder.Count("hourly"));
        Assert.Equal(Start.AddHours(1).AddMilliseconds(-500), Tick(host.Recorder.Seen.Single(s => s.InstanceId == "hourly")));
        Assert.Equal("h", ((GreetingConfig)host.Recorder.Seen.Single(s => s.InstanceId == "hourly").Configuration!).Greeting);
        Assert.DoesNotContain(host.Recorder.Seen, s => s.InstanceId == FlowContext.DefaultInstanceId);
    }

    [Fact]
    public async Task A_node_told_not_to_run_instance_schedules_registers_none()
    {
        await using var host = await InstanceHost.StartAsync(s => s.Configure<FlowInstancesHostingOptions>(o => o.RunInstanceSchedules = false), new FakeTimeProvider(Start));
        await host.DeployAsync("hourly", "ticking", "h");
        await host.Catalog.RefreshAsync();

        Assert.Equal(0, host.Services.GetRequiredService<FlowScheduleRegistry>().Count);
    }

    [Fact]
    public async Task A_schedule_for_a_flow_without_a_schedule_trigger_is_refused_at_deploy_and_update()
    {
        await using var host = await InstanceHost.StartAsync(time: new FakeTimeProvider(Start));

        var deploy = await Assert.ThrowsAsync<InstanceValidationException>(() => host.DeployAsync("acme", "greeting", schedule: "* * * * *"));
        Assert.Contains("no [ScheduleTrigger]", Assert.Single(deploy.Errors["schedule"]), StringComparison.Ordinal);

        await host.DeployAsync("acme", "greeting");
        var update = await Assert.ThrowsAsync<InstanceValidationException>(() => host.Manager.UpdateAsync("acme", new InstanceUpdate
        {
            ConfigurationJson = """{"greeting":"Hi"}""",
            Schedule = "0 * * * *",
        }));
        Assert.Equal(["schedule"], update.Errors.Keys);

        // A schedule flow still takes one.
        await host.DeployAsync("hourly", "ticking", "h", schedule: "30 * * * *");
    }

    /// <summary>
    /// A fake clock that counts the timers alive on it: created and not yet disposed. <see cref="Task.Delay(TimeSpan, TimeProvider)"/>
    /// creates one and disposes it when the delay ends or is cancelled; a <see cref="PeriodicTimer"/> holds one until disposed.
    /// </summary>
    private sealed class TimerCountingTimeProvider(DateTimeOffset start) : FakeTimeProvider(start)
    {
        private int _live;

        public int LiveTimers => Volatile.Read(ref _live);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = new CountedTimer(base.CreateTimer(callback, state, dueTime, period), this);
            Interlocked.Increment(ref _live);
            return timer;
        }

        private sealed class CountedTimer(ITimer inner, TimerCountingTimeProvider owner) : ITimer
        {
            private int _disposed;

            public bool Change(TimeSpan dueTime, TimeSpan period) => inner.Change(dueTime, period);

            public void Dispose()
            {
                Release();
                inner.Dispose();
            }

            public ValueTask DisposeAsync()
            {
                Release();
                return inner.DisposeAsync();
            }

            private void Release()
            {
                if (Interlocked.Exchange(ref _disposed, 1) == 0)
                {
                    Interlocked.Decrement(ref owner._live);
                }
            }
        }
    }
}
