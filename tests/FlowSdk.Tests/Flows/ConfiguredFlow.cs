using FlowSdk;

namespace FlowSdk.Tests.Flows;

public sealed class GreetingSettings
{
    public string Greeting { get; set; } = "Hello";

    public int Repeat { get; set; } = 1;
}

/// <summary>Steps read the instance's configuration strongly typed, as a parameter.</summary>
[Flow("configured", Configuration = typeof(GreetingSettings))]
[ChannelTrigger]
public sealed partial class ConfiguredFlow
{
    [Step]
    public string Greet(string name, GreetingSettings settings) => $"{settings.Greeting}, {name}";

    [Step]
    public string Repeat(string text, CancellationToken ct, GreetingSettings settings, FlowContext context) =>
        string.Join(" ", Enumerable.Repeat(text, settings.Repeat)) + " @" + context.InstanceId;
}
