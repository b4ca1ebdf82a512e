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

    // Models.cs, Names.cs, Prefixes.cs and Unrelated.cs, besides one file per flow.
    private const int OtherFiles = 4;

    private const string Models = """
        namespace Demo;
        public sealed record Order(int Id, decimal Amount);
        public sealed class Settings
        {
            public string Endpoint { get; set; } = "https://example.test";
            public int Limit => 10;
        }
        """;

    // A constant only the first flow names, in a file of its own, computed from one in another file.
    private const string Names = """
        namespace Demo;
        public static class FlowNames { public const string First = Prefixes.Flow + "first"; }
        """;

    private const string Prefixes = """
        namespace Demo;
        public static class Prefixes { public const string Flow = "flow-"; }
        """;

    private static string FlowSource(int index, int threshold = 100, string extraStep = "") => $$"""
        using System.Threading;
        using System.Threading.Tasks;
        using FlowSdk;
        namespace Demo;
        [Flow({{(index == 0 ? "FlowNames.First" : $"\"flow-{index}\"")}}, Configuration = typeof(Settings))]
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
        Assert.Equal(FlowCount + OtherFiles - 1, sources.Count(r => r == IncrementalStepRunReason.Cached));
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
        var (result, parses) = RunEditedCounting(FlowPath(Edited), FlowSource(Edited, extraStep: "[Step] public Order Again(Order order) => order;"));

        // A signature changed, so the pipeline asks for every flow again; no file's declared names changed and no other
        // flow depends on the edited file, so only the edited flow is parsed in the new compilation. Only its model differs.
        Assert.Equal(1, parses);
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
    public void After_one_flow_s_signature_edit_the_next_edit_of_another_parses_that_other_alone()
    {
        var compilation = CSharpCompilation.Create(
            "TrackedProject",
            [Parse(Models, "Models.cs"), Parse(Names, "Names.cs"), Parse(Prefixes, "Prefixes.cs"), .. Enumerable.Range(0, FlowCount).Select(i => Parse(FlowSource(i), FlowPath(i)))],
            GeneratorHarness.References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var generator = new FlowGenerator();
        var driver = GeneratorHarness.CreateDriver(generator).RunGenerators(compilation);

        // The first edit's flow is parsed and kept; the second edit must not parse it again.
        var first = compilation.ReplaceSyntaxTree(compilation.SyntaxTrees.Single(t => t.FilePath == FlowPath(1)), Parse(FlowSource(1, extraStep: "[Step] public Order One(Order order) => order;"), FlowPath(1)));
        driver = driver.RunGenerators(first);
        var before = generator.FlowsParsed;
        var second = first.ReplaceSyntaxTree(first.SyntaxTrees.Single(t => t.FilePath == FlowPath(2)), Parse(FlowSource(2, extraStep: "[Step] public Order Two(Order order) => order;"), FlowPath(2)));
        var result = driver.RunGenerators(second).GetRunResult().Results.Single();

        Assert.Null(result.Exception);
        Assert.Equal(1, generator.FlowsParsed - before);
    }

    [Fact]
    public void A_constant_changed_in_another_file_reaches_the_flow_that_names_it_and_parses_no_other()
    {
        var (result, parses) = RunEditedCounting("Prefixes.cs", Prefixes.Replace("\"flow-\"", "\"orders-\"", StringComparison.Ordinal));

        // FlowNames.First is computed from Prefixes.Flow: the first flow's name changes, and it alone is parsed again.
        Assert.Equal(1, parses);
        var modified = Assert.Single(Outputs(result, FlowGenerator.Steps.Flows), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Equal("orders-first", ((FlowSpec)modified.Value).Options.Name);
    }

    [Fact]
    public void A_member_added_in_a_file_no_flow_depends_on_parses_no_flow()
    {
        var (result, parses) = RunEditedCounting("Unrelated.cs", Unrelated.Replace("public int Size;", "public int Size; public string? Label;", StringComparison.Ordinal));

        Assert.Equal(0, parses);
        Assert.All(Outputs(result, FlowGenerator.Steps.Flows), o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, o.Reason.ToString()));
    }

    [Fact]
    public void A_type_declared_in_a_new_file_parses_only_the_flow_whose_declarations_use_its_name()
    {
        // The first flow's file imports Other, whose Payload it takes; a Demo.Payload declared anywhere wins over the using.
        var flow = """
            using FlowSdk;
            using Other;
            namespace Demo;
            [Flow("shadowed")]
            [ChannelTrigger]
            public sealed partial class Shadowed
            {
                [Step] public string Show(Payload payload) => payload.ToString()!;
            }
            """;
        var (result, parses) = RunEditedCounting(
            "Shadow.cs",
            "namespace Demo; public sealed class Payload { }",
            ("Other.cs", "namespace Other; public sealed class Payload { }"),
            ("Shadowed.cs", flow));

        // Demo.Payload is a new name; only the flow whose files say "Payload" can bind differently, and it does.
        Assert.Equal(1, parses);
        var modified = Assert.Single(Outputs(result, FlowGenerator.Steps.Flows), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Equal("global::Demo.Payload", ((FlowSpec)modified.Value).PayloadType.TypeOfName);
    }

    [Fact]
    public void A_type_no_flow_names_declared_in_a_new_file_parses_no_flow()
    {
        var (_, parses) = RunEditedCounting("Helper.cs", "namespace Demo.Tools; public static class Helper { }");

        Assert.Equal(0, parses);
    }

    [Fact]
    public void An_attribute_declared_under_the_short_name_flows_use_parses_them_again()
    {
        // [Step] in namespace Demo now finds Demo.StepAttribute before the using's FlowSdk.StepAttribute: the flows keep
        // their [Filter] alone, and every model says so.
        var (result, parses) = RunEditedCounting("Shadow.cs", "namespace Demo; public sealed class StepAttribute : System.Attribute { }");

        Assert.Equal(FlowCount, parses);
        var flows = Outputs(result, FlowGenerator.Steps.Flows);
        Assert.Equal(FlowCount, flows.Count);
        Assert.All(flows, o => Assert.Equal(IncrementalStepRunReason.Modified, o.Reason));
        Assert.All(flows, o => Assert.DoesNotContain(((FlowSpec)o.Value).Steps, step => step.Name == "Stamp"));
    }

    [Fact]
    public void A_global_using_added_parses_every_flow_again()
    {
        var (_, parses) = RunEditedCounting("Usings.cs", "global using System.Text;");

        Assert.Equal(FlowCount, parses);
    }

    [Fact]
    public void An_edit_inside_a_body_in_another_file_parses_no_flow_again()
    {
        var result = RunEdited("Models.cs", Models.Replace("=> 10", "=> 20", StringComparison.Ordinal));

        Assert.All(Outputs(result, FlowGenerator.Steps.Parse), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
    }

    // A file no flow's declarations reach.
    private const string Unrelated = "namespace Demo.Tools; public sealed class Gauge { public int Size; }";

    private static string FlowPath(int index) => $"Flow{index}.cs";

    /// <summary>Runs the generator over the project, replaces one file, runs it again and returns the second run.</summary>
    private static GeneratorRunResult RunEdited(string path, string newSource) => RunEditedCounting(path, newSource).Result;

    /// <summary>
    /// Runs the generator over the project and <paramref name="extra"/> files, replaces or adds the file at
    /// <paramref name="path"/>, runs it again and returns the second run and how many flow candidates it parsed.
    /// </summary>
    private static (GeneratorRunResult Result, int Parses) RunEditedCounting(string path, string newSource, params (string Path, string Source)[] extra)
    {
        var compilation = CSharpCompilation.Create(
            "TrackedProject",
            [
                Parse(Models, "Models.cs"), Parse(Names, "Names.cs"), Parse(Prefixes, "Prefixes.cs"), Parse(Unrelated, "Unrelated.cs"),
                .. Enumerable.Range(0, FlowCount).Select(i => Parse(FlowSource(i), FlowPath(i))),
                .. extra.Select(e => Parse(e.Source, e.Path)),
            ],
            GeneratorHarness.References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var generator = new FlowGenerator();
        var driver = GeneratorHarness.CreateDriver(generator).RunGenerators(compilation);
        var first = driver.GetRunResult().Results.Single();
        Assert.Null(first.Exception);
        Assert.Equal(FlowCount + extra.Count(e => e.Source.Contains("[Flow(", StringComparison.Ordinal)) + 1, first.GeneratedSources.Length);
        Assert.Equal(FlowCount + extra.Count(e => e.Source.Contains("[Flow(", StringComparison.Ordinal)), generator.FlowsParsed);

        var replaced = compilation.SyntaxTrees.SingleOrDefault(t => t.FilePath == path);
        var edited = replaced is null ? compilation.AddSyntaxTrees(Parse(newSource, path)) : compilation.ReplaceSyntaxTree(replaced, Parse(newSource, path));
        var before = generator.FlowsParsed;
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();
        Assert.Null(result.Exception);
        return (result, generator.FlowsParsed - before);
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
