namespace FlowSdk.Generators.Tests;

/// <summary>The generator never throws on half-typed code; it generates nothing for an invalid flow.</summary>
public sealed class RobustnessTests
{
    public static TheoryData<string> HalfTyped => new()
    {
        "[Flow(\"a\")] public partial class A { [Step] public int X(string s) => ",
        "[Flow(\"b\")] public partial class B { [Step] public Missing X(Unknown s) => default; }",
        "[Flow] public partial class C { [Step] public int X(string s) => 1; }",
        "[Flow(42)] public partial class D { [Step] public int X(string s) => 1; }",
        "[Flow(null)] public partial class E { [Step] public int X(string s) => 1; }",
        "[Flow(\"f\")] public partial struct F { [Step] public int X(string s) => 1; }",
        "[Flow(\"g\")] public partial interface IG { [Step] int X(string s); }",
        "[Flow(\"h\")] public partial class H { [Step] public int X() => 1; [Step] public ref int Y(ref int i) => ref i; }",
        "[Flow(\"i\")] [ScheduleTrigger] public partial class I { [Step] public int X(ScheduledTick t) => 1; }",
        "[Flow(\"j\")] [ScheduleTrigger(\"not cron\")] public partial class J { [Step] public int X(ScheduledTick t) => 1; }",
        "[Flow(\"k\")] [WebhookTrigger(\"/k\")] public partial class K<T> { [Step] public T X(T t) => t; }",
        "[Flow(\"l\")] public partial class L { [Step][Filter] public bool X(string s) => true; [Split] public int Y(bool b) => 1; }",
        "[Flow(\"m\")] public class M { [Step] public async void X(string s) { } }",
        "[Flow(\"n\")] public static partial class N { [Step] public static int X(string s) => 1; }",
        "[Flow(\"o\")] public partial class O { [Step] public int X<T>(T t) => 1; [Step] public int Y(int i, string extra) => 1; }",
        "[Flow(\"p\")] public partial class P { [Step] public int X(string s) => 1; } public partial class P { [Step] public int Y(int i) => 1; }",
        "public class Outer { [Flow(\"q\")] public partial class Q { [Step] public int X(string s) => 1; } }",
        "[Flow(\"r\")] public partial class R { [Filter] public int X(string s) => 1; [Step] public int Y(",
        "[Flow(\"s\")] public partial class S { }",
        "[Flow(\"t\")] public partial class T { [Step] public (int, string X) X(int[]? s, CancellationToken ct, FlowContext c) => default; }",
    };

    [Theory]
    [MemberData(nameof(HalfTyped))]
    public void The_generator_raises_no_exception_over_half_typed_code(string code)
    {
        var (output, result) = GeneratorHarness.Run("using System.Threading; using System.Threading.Tasks; using FlowSdk;\n" + code);

        Assert.Null(result.Exception);
        Assert.DoesNotContain(output.GetDiagnostics(), d => d.Id is "CS8784" or "CS8785");
    }

    [Theory]
    [InlineData("LocalFlow", "[Flow(\"local\")] [ChannelTrigger] file sealed partial class LocalFlow { [Step] public int X(string s) => 1; }")]
    [InlineData("HeldFlow", "file static partial class Holder { [Flow(\"held\")] [ChannelTrigger] public sealed partial class HeldFlow { [Step] public int X(string s) => 1; } }")]
    [InlineData("RecordFlow", "[Flow(\"record\")] [ChannelTrigger] public sealed partial record RecordFlow { [Step] public int X(string s) => 1; }")]
    public void A_flow_the_generated_code_cannot_reach_generates_nothing_and_breaks_nothing(string flow, string code)
    {
        var (output, result) = GeneratorHarness.Run("using FlowSdk;\nnamespace Flows;\n" + code);

        // The analyzers report FLOW025 or FLOW002 for these; the generator leaves them out and the rest still compiles.
        Assert.Null(result.Exception);
        Assert.DoesNotContain(result.GeneratedSources, s => s.HintName.Contains(flow, StringComparison.Ordinal));
        Assert.DoesNotContain(flow, result.GeneratedSources.Single(s => s.HintName == "FlowRegistrations.g.cs").SourceText.ToString(), StringComparison.Ordinal);
        Assert.Empty(GeneratorHarness.Errors(output));
    }

    [Fact]
    public void An_invalid_flow_generates_no_pipeline()
    {
        var (_, result) = GeneratorHarness.Run("""
            using FlowSdk;
            [Flow("bad")] public partial class Bad { [Step] public int X(string s) => 1; [Step] public int Y(string s) => 1; }
            """);

        Assert.Null(result.Exception);
        Assert.DoesNotContain(result.GeneratedSources, s => s.HintName.StartsWith("Bad", StringComparison.Ordinal));
        Assert.DoesNotContain("Bad", result.GeneratedSources.Single(s => s.HintName == "FlowRegistrations.g.cs").SourceText.ToString(), StringComparison.Ordinal);
    }
}
