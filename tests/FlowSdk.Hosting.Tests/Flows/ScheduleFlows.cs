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

/// <summary>
/// A webhook feeds the first step with a customer; a schedule enters through an entry that hands over the customers to
/// check again; a channel of e-mail addresses enters through another.
/// </summary>
[Flow("entry-customers")]
[WebhookTrigger("/hooks/entry-customers")]
[ScheduleTrigger("* * * * * *", Entry = nameof(Recheck))]
[ChannelTrigger(Entry = nameof(FromEmail))]
public sealed partial class EntryCustomerFlow(Probe probe)
{
    [Entry]
    public IEnumerable<Customer> Recheck(ScheduledTick tick) =>
        [new($"first-{tick.ScheduledAt.Second}@example.com", "First", true), new($"second-{tick.ScheduledAt.Second}@example.com", "Second", true)];

    [Entry]
    public Customer FromEmail(string email) => new(email, "Published", true);

    [Step]
    public Greeting Greet(Customer customer) => new($"{customer.Name}: {customer.Email}");

    [Step]
    public void Record(Greeting greeting) => probe.Record(greeting.Message);
}
