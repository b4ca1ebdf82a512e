namespace FlowSdk.Hosting.Tests;

[Flow("ticks")]
[ScheduleTrigger("* * * * * *")]
public sealed partial class TickFlow(Probe probe)
{
    [Step]
    public void Record(ScheduledTick tick) => probe.Record(tick);
}

[Flow("slow-ticks")]
[ScheduleTrigger("* * * * * *")]
public sealed partial class SlowTickFlow(Probe probe)
{
    [Step]
    public ValueTask Enter(ScheduledTick tick, CancellationToken cancellationToken) => probe.EnterAsync(tick, cancellationToken);
}

[Flow("overlap-ticks", MaxConcurrency = 2)]
[ScheduleTrigger("* * * * * *", AllowOverlap = true)]
public sealed partial class OverlapTickFlow(Probe probe)
{
    [Step]
    public ValueTask Enter(ScheduledTick tick, CancellationToken cancellationToken) => probe.EnterAsync(tick, cancellationToken);
}

[Flow("minute-ticks")]
[ScheduleTrigger("*/5 * * * *", TimeZone = "Europe/Berlin")]
public sealed partial class MinuteTickFlow(Probe probe)
{
    [Step]
    public void Record(ScheduledTick tick) => probe.Record(tick);
}
