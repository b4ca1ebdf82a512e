namespace FlowSdk.Instances.Hosting.Tests;

/// <summary>A filter, then a step whose output carries the instance's secret: the journal's output, masked and capped.</summary>
[Flow("receipted", Configuration = typeof(GreetingConfig))]
[ChannelTrigger]
[FlowSecret("crm-key", Description = "The CRM's key")]
public sealed partial class ReceiptFlow
{
    [Filter]
    public bool HasLines(Basket basket) => basket.Lines.Length > 0;

    [Step]
    public Receipt Send(Basket basket, GreetingConfig config) => new($"sent with {config.Greeting}", basket.Lines.Sum());
}
