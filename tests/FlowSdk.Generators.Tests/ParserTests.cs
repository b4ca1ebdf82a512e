using FlowSdk.Generators.Model;
using FlowSdk.Generators.Parsing;
using Microsoft.CodeAnalysis;

namespace FlowSdk.Generators.Tests;

/// <summary>The parser's model of a flow: what the emitter relies on.</summary>
public sealed class ParserTests
{
    [Fact]
    public void The_model_carries_the_payload_chain_return_shapes_and_arguments()
    {
        var flow = Parse("""
            [Flow("chain", Capacity = 8)]
            [ScheduleTrigger("*/5 * * * *", TimeZone = "Europe/Paris")]
            [Retry(3)]
            public sealed partial class Chain
            {
                [Step] public string Start(ScheduledTick tick) => "x";
                [Filter] public ValueTask<bool> Check(string s, CancellationToken ct, FlowContext c) => new(true);
                [Step] public Task Save(string s) => Task.CompletedTask;
                [Split] public IEnumerable<int> Each(string s) => [1];
                [Step] public static long Widen(int i) => i;
            }
            """);

        Assert.NotNull(flow);
        Assert.Equal("chain", flow.FlowName);
        Assert.Equal("global::FlowSdk.ScheduledTick", flow.PayloadType.FullName);
        Assert.Equal("long", flow.OutputType.FullName);
        Assert.Equal(["Start", "Check", "Save", "Each", "Widen"], flow.Steps.Select(s => s.Name));
        Assert.Equal([ReturnKind.Value, ReturnKind.ValueTaskOf, ReturnKind.Task, ReturnKind.Enumerable, ReturnKind.Value], flow.Steps.Select(s => s.Return));
        Assert.Equal([ArgumentKind.Payload, ArgumentKind.CancellationToken, ArgumentKind.Context], flow.Steps[1].Arguments.Select(a => a.Kind));
        Assert.Equal("string", flow.Steps[2].PayloadOut.FullName);
        Assert.Equal("int", flow.Steps[3].PayloadOut.FullName);
        Assert.True(flow.Steps[4].IsStatic);
        Assert.True(flow.UsesContext);
        Assert.Equal(new FlowOptionsSpec("chain", Capacity: 8, MaxConcurrency: null, Configuration: null), flow.Options);
        Assert.Equal([new ScheduleTriggerSpec("*/5 * * * *", "Europe/Paris", AllowOverlap: null)], flow.Triggers);
        Assert.Equal(new RetrySpec(3, BaseDelayMilliseconds: null, MaxDelayMilliseconds: null), flow.Retry);
    }

    [Fact]
    public void Attribute_properties_are_recorded_as_values_only_when_the_user_set_them()
    {
        var flow = Parse("""
            [Flow("all", MaxConcurrency = 4)]
            [ChannelTrigger]
            [ScheduleTrigger("0 * * * *", AllowOverlap = false)]
            [WebhookTrigger("/all", MaxBodySize = 2048, Synchronous = true)]
            [Retry(5, MaxDelayMilliseconds = 1000, BaseDelayMilliseconds = 10)]
            public sealed partial class All
            {
                [Step] public ScheduledTick Start(ScheduledTick tick) => tick;
                [Step, Retry(2, BaseDelayMilliseconds = 0)] public ScheduledTick Again(ScheduledTick tick) => tick;
            }
            """);

        Assert.NotNull(flow);
        Assert.Equal(new FlowOptionsSpec("all", Capacity: null, MaxConcurrency: 4, Configuration: null), flow.Options);
        Assert.Equal(
            [
                new ChannelTriggerSpec(),
                new ScheduleTriggerSpec("0 * * * *", TimeZone: null, AllowOverlap: false), // set to its default: still declared
                new WebhookTriggerSpec("/all", MaxBodySize: 2048, Synchronous: true),
            ],
            flow.Triggers);
        Assert.Equal(new RetrySpec(5, BaseDelayMilliseconds: 10, MaxDelayMilliseconds: 1000), flow.Retry);
        Assert.Null(flow.Steps[0].Retry);
        Assert.Equal(new RetrySpec(2, BaseDelayMilliseconds: 0, MaxDelayMilliseconds: null), flow.Steps[1].Retry);
    }

    [Theory]
    [InlineData("[Retry] [Step] public int Start(string s) => 1;")]
    [InlineData("[Retry(\"3\")] [Step] public int Start(string s) => 1;")]
    public void A_half_typed_step_retry_leaves_the_flow_without_a_model(string step)
    {
        var flow = Parse($$"""
            [Flow("half")]
            [ChannelTrigger]
            public sealed partial class Half
            {
                {{step}}
            }
            """);

        Assert.Null(flow);
    }

    [Fact]
    public void Nullable_payloads_keep_their_annotation_for_declarations_but_not_for_typeof()
    {
        var flow = Parse("""
            [Flow("nullable")]
            public sealed partial class Nullable
            {
                [Step] public string? Start(string? s) => s;
            }
            """);

        Assert.Equal("string?", flow!.OutputType.FullName);
        Assert.Equal("string", flow.OutputType.TypeOfName);
    }

    [Fact]
    public void A_miswired_flow_has_no_model_and_a_diagnostic()
    {
        var diagnostics = new List<Diagnostic>();
        var flow = Parse(
            """
            [Flow("miswired")]
            public sealed partial class Miswired
            {
                [Step] public int Start(string s) => s.Length;
                [Step] public void Next(string s) { }
            }
            """,
            diagnostics);

        Assert.Null(flow);
        var diagnostic = Assert.Single(diagnostics, d => d.Id == "FLOW004");
        Assert.Equal("Step 'Next' expects 'string' but receives 'int' from step 'Start'", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void A_parameter_of_the_declared_configuration_type_is_the_instance_configuration()
    {
        var flow = Parse("""
            public sealed class Settings { public string Url { get; set; } = ""; }
            [Flow("configured", Configuration = typeof(Settings))]
            public sealed partial class Configured
            {
                [Step] public string Start(string s, Settings settings) => settings.Url + s;
            }
            """);

        Assert.Equal([ArgumentKind.Payload, ArgumentKind.Configuration], flow!.Steps[0].Arguments.Select(a => a.Kind));
        Assert.Equal("global::Settings", flow.ConfigurationType!.FullName);
        Assert.Equal(new FlowOptionsSpec("configured", Capacity: null, MaxConcurrency: null, flow.ConfigurationType), flow.Options);
    }

    [Theory]
    [InlineData("public abstract class Settings { }", "it is static or abstract")]
    [InlineData("public sealed class Settings { private Settings() { } }", "no public constructor")]
    [InlineData("public interface Settings { }", "must be a class or record")]
    [InlineData("public struct Settings { }", "must be a class or record")]
    public void A_configuration_type_no_instance_could_be_given_is_FLOW016(string declaration, string reason)
    {
        var diagnostics = new List<Diagnostic>();
        var flow = Parse(
            declaration + """

            [Flow("configured", Configuration = typeof(Settings))]
            public sealed partial class Configured
            {
                [Step] public string Start(string s) => s;
            }
            """,
            diagnostics);

        Assert.Null(flow);
        var diagnostic = Assert.Single(diagnostics, d => d.Id == "FLOW016");
        Assert.Contains(reason, diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Equal("Configuration = typeof(Settings)", diagnostic.Location.SourceTree!.GetText().ToString(diagnostic.Location.SourceSpan));
    }

    internal static FlowSpec? Parse(string body, List<Diagnostic>? diagnostics = null)
    {
        var compilation = GeneratorHarness.Compile($$"""
            using System.Collections.Generic;
            using System.Threading;
            using System.Threading.Tasks;
            using FlowSdk;
            {{body}}
            """);
        var type = compilation.GetSymbolsWithName(_ => true, SymbolFilter.Type).OfType<INamedTypeSymbol>()
            .Single(t => t.GetAttributes().Any(a => a.AttributeClass?.Name == "FlowAttribute"));
        return FlowParser.Parse(type, new KnownTypes(compilation), diagnostics, CancellationToken.None);
    }
}
