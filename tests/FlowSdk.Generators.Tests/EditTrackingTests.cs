using System.Globalization;
using FlowSdk.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace FlowSdk.Generators.Tests;

/// <summary>
/// Step tracking over a project of several flows, one per file: after a one-line edit in one flow, which flows are parsed
/// again and which generated files are produced again.
/// </summary>
public sealed class EditTrackingTests
{
    private const int FlowCount = 6;
    private const int Edited = 3;

    private const string Models = """
        namespace Demo;
        public sealed record Order(int Id, decimal Amount);
        public sealed class Settings
        {
            public string Endpoint { get; set; } = "https://example.test";
            public int Limit => 10;
        }
        """;

    private static string FlowSource(int index, int threshold = 100, string extraStep = "") => $$"""
        using System.Threading;
        using System.Threading.Tasks;
        using FlowSdk;
        namespace Demo;
        [Flow("flow-{{index}}", Configuration = typeof(Settings))]
        [ChannelTrigger]
        public sealed partial class Flow{{index}}
        {
            [Step] public Order Stamp(Order order, FlowContext context) => order with { Id = order.Id + 1 };
            [Filter] public bool IsBig(Order order) => order.Amount >= {{threshold.ToString(CultureInfo.InvariantCulture)}};
            {{extraStep}}
            [Step] public ValueTask<string> Push(Order order, CancellationToken ct) => new(order.Id.ToString());
        }
        """;

    [Fact]
    public void An_edit_inside_a_step_body_parses_no_flow_again_and_produces_no_file_again()
    {
        var result = RunEdited(FlowPath(Edited), FlowSource(Edited, threshold: 250));

        // Only the edited file is read again, and its shape (everything but bodies) is unchanged.
        var sources = result.TrackedSteps[FlowGenerator.Steps.Sources].SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
        Assert.Equal(FlowCount, sources.Count(r => r == IncrementalStepRunReason.Cached));
        Assert.Equal(IncrementalStepRunReason.Unchanged, Assert.Single(sources, r => r != IncrementalStepRunReason.Cached));
        Assert.Equal(IncrementalStepRunReason.Unchanged, Assert.Single(Outputs(result, FlowGenerator.Steps.Shape)).Reason);

        // So no flow is parsed again, and every generated file comes from the cache.
        var parsed = Outputs(result, FlowGenerator.Steps.Parse);
        Assert.Equal(FlowCount, parsed.Count);
        Assert.All(parsed, o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
        Assert.All(Outputs(result, FlowGenerator.Steps.Flows), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
        Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
        Assert.Equal(FlowCount + 1, result.GeneratedSources.Length);
    }

    [Fact]
    public void An_added_step_modifies_that_flow_alone_and_produces_only_its_file_again()
    {
        var result = RunEdited(FlowPath(Edited), FlowSource(Edited, extraStep: "[Step] public Order Again(Order order) => order;"));

        // A signature changed, so every flow is parsed again in the new compilation; only the edited one's model differs.
        var parsed = Outputs(result, FlowGenerator.Steps.Parse);
        Assert.Equal(FlowCount, parsed.Count);
        Assert.Equal("Flow" + Edited, ClassName(Assert.Single(parsed, o => o.Reason == IncrementalStepRunReason.Modified)));
        Assert.All(parsed.Where(o => ClassName(o) != "Flow" + Edited), o => Assert.Equal(IncrementalStepRunReason.Unchanged, o.Reason));

        var flows = Outputs(result, FlowGenerator.Steps.Flows);
        var modified = Assert.Single(flows, o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains(((FlowSpec)modified.Value).Steps, s => s.Name == "Again");
        Assert.All(flows.Where(o => o != modified), o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, o.Reason.ToString()));

        // Only the edited flow's file is produced again: AddFlows() needs nothing the edit changed.
        var produced = FlowFileOutputs(result).Where(o => o.Reason != IncrementalStepRunReason.Cached).ToList();
        Assert.Equal("Flow" + Edited, ((FlowSpec)Assert.Single(produced).Value).ClassName);
        Assert.All(Outputs(result, FlowGenerator.Steps.Registrations), o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, o.Reason.ToString()));
        Assert.Single(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs), o => o.Reason != IncrementalStepRunReason.Cached);
        Assert.Contains("this.Again(", GeneratorHarness.Generated(result, "Demo.Flow" + Edited)!, StringComparison.Ordinal);
    }

    [Fact]
    public void An_attribute_added_in_another_file_reaches_the_models_of_the_flows_that_use_it()
    {
        var result = RunEdited("Models.cs", Models.Replace("public string Endpoint", "[System.ComponentModel.DataAnnotations.Required] public string Endpoint", StringComparison.Ordinal));

        // No flow's file changed, but what a flow's model holds can live in another file: every flow sees it.
        var flows = Outputs(result, FlowGenerator.Steps.Flows);
        Assert.Equal(FlowCount, flows.Count);
        Assert.All(flows, o => Assert.Equal(IncrementalStepRunReason.Modified, o.Reason));
        Assert.All(flows, o => Assert.True(((FlowSpec)o.Value).ConfigurationHasDataAnnotations));
    }

    [Fact]
    public void An_edit_inside_a_body_in_another_file_parses_no_flow_again()
    {
        var result = RunEdited("Models.cs", Models.Replace("=> 10", "=> 20", StringComparison.Ordinal));

        Assert.All(Outputs(result, FlowGenerator.Steps.Parse), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
    }

    private static string FlowPath(int index) => $"Flow{index}.cs";

    /// <summary>Runs the generator over the project, replaces one file, runs it again and returns the second run.</summary>
    private static GeneratorRunResult RunEdited(string path, string newSource)
    {
        var compilation = CSharpCompilation.Create(
            "TrackedProject",
            [Parse(Models, "Models.cs"), .. Enumerable.Range(0, FlowCount).Select(i => Parse(FlowSource(i), FlowPath(i)))],
            GeneratorHarness.References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        var first = driver.GetRunResult().Results.Single();
        Assert.Null(first.Exception);
        Assert.Equal(FlowCount + 1, first.GeneratedSources.Length);

        var edited = compilation.ReplaceSyntaxTree(compilation.SyntaxTrees.Single(t => t.FilePath == path), Parse(newSource, path));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();
        Assert.Null(result.Exception);
        return result;
    }

    private static SyntaxTree Parse(string source, string path) => CSharpSyntaxTree.ParseText(source, GeneratorHarness.ParseOptions, path: path);

    private static List<(object Value, IncrementalStepRunReason Reason)> Outputs(GeneratorRunResult result, string step) =>
        result.TrackedSteps[step].SelectMany(s => s.Outputs).ToList();

    private static string? ClassName((object Value, IncrementalStepRunReason Reason) output) => (output.Value as FlowSpec)?.ClassName;

    /// <summary>The outputs of the source-output steps fed by <see cref="FlowGenerator.Steps.Flows"/>: one per flow file.</summary>
    private static List<(object Value, IncrementalStepRunReason Reason)> FlowFileOutputs(GeneratorRunResult result) =>
        result.TrackedOutputSteps.SelectMany(s => s.Value)
            .Where(s => s.Inputs.Any(i => i.Source.Name == FlowGenerator.Steps.Flows))
            .Select(s => (s.Inputs[0].Source.Outputs[s.Inputs[0].OutputIndex].Value, s.Outputs.Single().Reason))
            .ToList();
}
