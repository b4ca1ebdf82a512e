using System.Collections;
using System.Reflection;
using FlowSdk.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace FlowSdk.Generators.Tests;

/// <summary>The generator does no work again for edits that cannot change its output, and its model holds no compiler objects.</summary>
public sealed class IncrementalTests
{
    private const string Flow = """
        using FlowSdk;
        namespace Demo;
        [Flow("orders")]
        [ChannelTrigger]
        public sealed partial class Orders
        {
            [Step] public int Parse(string s) => s.Length;
            [Step] public string Show(int i) => i.ToString();
        }
        """;

    private const string Other = """
        namespace Demo;
        public static class Helpers
        {
            public static int Twice(int i) => i * 2;
        }
        """;

    [Fact]
    public void An_edit_outside_any_flow_leaves_every_tracked_step_cached_or_unchanged()
    {
        var compilation = GeneratorHarness.Compile(Flow, Other);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        var edited = compilation.ReplaceSyntaxTree(
            compilation.SyntaxTrees.ElementAt(1),
            CSharpSyntaxTree.ParseText(Other.Replace("i * 2", "i + i", StringComparison.Ordinal), GeneratorHarness.ParseOptions, path: "File1.cs"));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        foreach (var name in new[] { FlowGenerator.Steps.Flows, FlowGenerator.Steps.Assembly })
        {
            var outputs = result.TrackedSteps[name].SelectMany(s => s.Outputs).ToList();
            Assert.NotEmpty(outputs);
            Assert.All(outputs, o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{name}: {o.Reason}"));
        }

        Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs),
            o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, o.Reason.ToString()));
    }

    [Fact]
    public void Adding_a_step_modifies_the_flow()
    {
        var compilation = GeneratorHarness.Compile(Flow, Other);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        var withStep = Flow.Replace("[Step] public string Show", "[Step] public int Again(int i) => i;\n    [Step] public string Show", StringComparison.Ordinal);
        var edited = compilation.ReplaceSyntaxTree(
            compilation.SyntaxTrees.First(),
            CSharpSyntaxTree.ParseText(withStep, GeneratorHarness.ParseOptions, path: "File0.cs"));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        var reasons = result.TrackedSteps[FlowGenerator.Steps.Flows].SelectMany(s => s.Outputs).Select(o => o.Reason);
        Assert.Contains(IncrementalStepRunReason.Modified, reasons);
        Assert.Contains("this.Again(p1)", GeneratorHarness.Generated(result, "Demo.Orders")!, StringComparison.Ordinal);
    }

    [Fact]
    public void The_model_graph_holds_no_symbol_compilation_syntax_node_location_or_csharp_expression()
    {
        var flow = ParserTests.Parse("""
            public sealed class Settings { }
            public sealed class NeedsAttribute(string name) : FlowDeclarationAttribute { public string Name { get; } = name; public int[]? Ports { get; set; } }
            public partial class Outer
            {
                [Flow("graph", Capacity = 4, MaxConcurrency = 2, Configuration = typeof(Settings))]
                [ChannelTrigger(Entry = nameof(FromText))]
                [ScheduleTrigger("0 * * * *", TimeZone = "UTC", AllowOverlap = true)]
                [WebhookTrigger("/graph", MaxBodySize = 4096, Synchronous = true)]
                [Retry(2, BaseDelayMilliseconds = 5, MaxDelayMilliseconds = 50)]
                [Needs("crm", Ports = new[] { 443 })]
                public sealed partial class Graph
                {
                    [Entry] public ScheduledTick FromText(string text, Settings s) => default;
                    [Step] public int Start(ScheduledTick t, FlowContext c, Settings s) => 1;
                    [Split] public IEnumerable<int> Each(int i) => [i];
                    [Filter, Retry(3)] public ValueTask<bool> Keep(int i) => new(true);
                }
            }
            """);
        Assert.NotNull(flow);

        var visited = new HashSet<object>(ReferenceEqualityComparer.Instance);
        var strings = new List<string>();
        Walk(flow, visited, strings);
        Walk(RegistrationSpec.Of(flow), visited, strings);

        // Every record of the model is reached, so the walk checks them all; AssemblySpec is the other pipeline's input.
        var reached = visited.Select(v => v.GetType()).ToHashSet();
        var records = typeof(FlowSpec).Assembly.GetTypes().Where(t =>
            t.Namespace == typeof(FlowSpec).Namespace && !t.IsAbstract && t != typeof(AssemblySpec) &&
            t.GetProperty("EqualityContract", BindingFlags.Instance | BindingFlags.NonPublic) is not null);
        Assert.All(records, r => Assert.Contains(r, reached));

        // Facts, not code: attribute values are plain values, the emitter writes the C# that creates them.
        Assert.Contains("0 * * * *", strings);
        Assert.DoesNotContain(strings, s => s.Contains("new ", StringComparison.Ordinal) || s.Contains("typeof(", StringComparison.Ordinal));
    }

    private static readonly Type[] Forbidden = [typeof(ISymbol), typeof(Compilation), typeof(SyntaxNode), typeof(Location), typeof(SemanticModel), typeof(SyntaxTree)];

    private static void Walk(object? value, HashSet<object> visited, List<string> strings)
    {
        if (value is string text)
        {
            strings.Add(text);
            return;
        }

        if (value is null || value.GetType().IsPrimitive || value.GetType().IsEnum || !visited.Add(value))
        {
            return;
        }

        var type = value.GetType();
        Assert.DoesNotContain(Forbidden, f => f.IsAssignableFrom(type));
        if (value is IEnumerable sequence)
        {
            foreach (var item in sequence)
            {
                Walk(item, visited, strings);
            }
        }

        foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            Assert.DoesNotContain(Forbidden, f => f.IsAssignableFrom(field.FieldType));
            Walk(field.GetValue(value), visited, strings);
        }
    }
}
