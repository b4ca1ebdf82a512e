namespace FlowSdk.Instances.Hosting.Tests;

/// <summary>Every kind of step for the journal: a step, a split whose items meet a filter, and a step that fails line 13.</summary>
[Flow("journaled", Configuration = typeof(GreetingConfig))]
[ChannelTrigger]
[FlowSecret("crm-key", Description = "The CRM's key")]
public sealed partial class JournaledFlow
{
    [Step]
    public Basket Stamp(Basket basket) => basket;

    [Split]
    public IEnumerable<int> Lines(Basket basket) => basket.Lines;

    [Filter]
    public bool NotZero(int line) => line != 0;

    [Step]
    public int Check(int line, GreetingConfig config) =>
        line == 13 ? throw new InvalidOperationException($"Line 13 refused with {config.Greeting}") : line * 2;
}
