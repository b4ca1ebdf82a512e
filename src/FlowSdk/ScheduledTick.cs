namespace FlowSdk;

/// <summary>The payload of a schedule-triggered flow: when the tick was due and when it actually fired.</summary>
/// <param name="ScheduledAt">The occurrence of the cron schedule this tick stands for.</param>
/// <param name="FiredAt">When the scheduler actually started the execution.</param>
public readonly record struct ScheduledTick(DateTimeOffset ScheduledAt, DateTimeOffset FiredAt);
