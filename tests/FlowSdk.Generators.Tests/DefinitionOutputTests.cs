using System.Runtime.Loader;
using Microsoft.CodeAnalysis.Testing;

namespace FlowSdk.Generators.Tests;

/// <summary>
/// A flow's generated <c>Definition</c> hands hosts the attribute values exactly as declared: every property the user
/// set, escaped as needed, and the runtime's own default for every other.
/// </summary>
public sealed class DefinitionOutputTests
{
    // A name and a time zone with quotes, backslashes, control characters and XML markup in them.
    private const string OddName = "odd \"name\" \\ <&>\n\tend";
    private const string OddTimeZone = "Zone \"A\"\\B";

    private const string Source = """
        using FlowSdk;

        namespace Demo;

        public sealed class Settings { }

        [Flow("odd \"name\" \\ <&>\n\tend", Capacity = 16, MaxConcurrency = 3, Configuration = typeof(Settings))]
        [ChannelTrigger]
        [ScheduleTrigger("*/10 * * * * *", TimeZone = "Zone \"A\"\\B", AllowOverlap = true)]
        [WebhookTrigger("/declared", MaxBodySize = 4096, Synchronous = true)]
        [Retry(4, BaseDelayMilliseconds = 10, MaxDelayMilliseconds = 100)]
        public sealed partial class Declared
        {
            [Step] public int Start(ScheduledTick tick, Settings settings) => 1;
            [Step, Retry(3, MaxDelayMilliseconds = 7)] public int Next(int i) => i;
        }

        [Flow("plain")]
        [ScheduleTrigger("0 * * * *")]
        [WebhookTrigger("/plain")]
        [Retry(2)]
        public sealed partial class Plain
        {
            [Step] public int Start(ScheduledTick tick) => 1;
        }
        """;

    [Fact]
    public async Task Only_the_declared_properties_are_written_and_the_code_compiles_cleanly()
    {
        await new GeneratorTest
        {
            TestState = { Sources = { Source } },
            TestBehaviors = TestBehaviors.SkipGeneratedSourcesCheck,
        }.RunAsync();

        var result = GeneratorHarness.Run(Source).Result;
        var plain = GeneratorHarness.Generated(result, "Demo.Plain")!;
        Assert.Contains("flow: new global::FlowSdk.FlowAttribute(\"plain\"),", plain, StringComparison.Ordinal);
        Assert.Contains("new global::FlowSdk.ScheduleTriggerAttribute(\"0 * * * *\"),", plain, StringComparison.Ordinal);
        Assert.Contains("new global::FlowSdk.WebhookTriggerAttribute(\"/plain\"),", plain, StringComparison.Ordinal);
        Assert.Contains("retry: new global::FlowSdk.RetryAttribute(2));", plain, StringComparison.Ordinal);

        var declared = GeneratorHarness.Generated(result, "Demo.Declared")!;
        Assert.Contains(
            "flow: new global::FlowSdk.FlowAttribute(\"odd \\\"name\\\" \\\\ <&>\\n\\tend\") { Capacity = 16, MaxConcurrency = 3, Configuration = typeof(global::Demo.Settings) },",
            declared,
            StringComparison.Ordinal);
        Assert.Contains("/// <summary>What hosts need to know about flow 'odd \"name\" \\\\ &lt;&amp;&gt;\\n\\tend'.</summary>", declared, StringComparison.Ordinal);
        Assert.Contains("new global::FlowSdk.WebhookTriggerAttribute(\"/declared\") { MaxBodySize = 4096, Synchronous = true },", declared, StringComparison.Ordinal);
        Assert.Contains("global::FlowSdk.StepRetry.Create(new global::FlowSdk.RetryAttribute(3) { MaxDelayMilliseconds = 7 });", declared, StringComparison.Ordinal);
    }

    [Fact]
    public void The_definition_built_at_run_time_carries_the_declared_values_and_the_defaults()
    {
        var (output, _) = GeneratorHarness.Run(Source);
        Assert.Empty(GeneratorHarness.Errors(output));
        using var image = new MemoryStream();
        var emitted = output.Emit(image);
        Assert.True(emitted.Success, string.Join(Environment.NewLine, emitted.Diagnostics));
        image.Position = 0;

        var context = new AssemblyLoadContext(nameof(DefinitionOutputTests), isCollectible: true);
        try
        {
            var assembly = context.LoadFromStream(image);
            var declared = Definition(assembly, "Demo.Declared");
            Assert.Equal(OddName, declared.Name);
            Assert.Equal(16, declared.Flow.Capacity);
            Assert.Equal(3, declared.Flow.MaxConcurrency);
            Assert.Equal(assembly.GetType("Demo.Settings"), declared.ConfigurationType);
            Assert.Equal(3, declared.Triggers.Count);
            Assert.IsType<ChannelTriggerAttribute>(declared.Triggers[0]);
            var schedule = Assert.IsType<ScheduleTriggerAttribute>(declared.Triggers[1]);
            Assert.Equal(("*/10 * * * * *", OddTimeZone, true), (schedule.Cron, schedule.TimeZone, schedule.AllowOverlap));
            var webhook = Assert.IsType<WebhookTriggerAttribute>(declared.Triggers[2]);
            Assert.Equal(("/declared", 4096L, true), (webhook.Route, webhook.MaxBodySize, webhook.Synchronous));
            Assert.Equal((4, 10, 100), (declared.Retry!.MaxAttempts, declared.Retry.BaseDelayMilliseconds, declared.Retry.MaxDelayMilliseconds));

            // Nothing set: every value is the attribute's own default, not one the generator chose.
            var plain = Definition(assembly, "Demo.Plain");
            var flowDefaults = new FlowAttribute("defaults");
            Assert.Equal((flowDefaults.Capacity, flowDefaults.MaxConcurrency, (Type?)null), (plain.Flow.Capacity, plain.Flow.MaxConcurrency, plain.ConfigurationType));
            var scheduleDefaults = new ScheduleTriggerAttribute("0 * * * *");
            var plainSchedule = Assert.IsType<ScheduleTriggerAttribute>(plain.Triggers[0]);
            Assert.Equal((scheduleDefaults.TimeZone, scheduleDefaults.AllowOverlap), (plainSchedule.TimeZone, plainSchedule.AllowOverlap));
            var webhookDefaults = new WebhookTriggerAttribute("/plain");
            var plainWebhook = Assert.IsType<WebhookTriggerAttribute>(plain.Triggers[1]);
            Assert.Equal((webhookDefaults.MaxBodySize, webhookDefaults.Synchronous), (plainWebhook.MaxBodySize, plainWebhook.Synchronous));
            var retryDefaults = new RetryAttribute(2);
            Assert.Equal((2, retryDefaults.BaseDelayMilliseconds, retryDefaults.MaxDelayMilliseconds), (plain.Retry!.MaxAttempts, plain.Retry.BaseDelayMilliseconds, plain.Retry.MaxDelayMilliseconds));
        }
        finally
        {
            context.Unload();
        }
    }

    private static FlowDefinition Definition(System.Reflection.Assembly assembly, string flowType) =>
        (FlowDefinition)assembly.GetType(flowType, throwOnError: true)!.GetProperty("Definition")!.GetValue(null)!;
}
