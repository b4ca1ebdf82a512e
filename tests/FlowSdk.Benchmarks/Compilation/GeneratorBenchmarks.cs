using BenchmarkDotNet.Attributes;
using FlowSdk.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace FlowSdk.Benchmarks.Compilation;

/// <summary>
/// Generator cost on a project of <see cref="Flows"/> flows × 5 steps: a first run (a new driver on a compilation
/// whose symbols nobody has bound yet, as on a clean build) as the baseline, and the incremental re-runs the IDE does
/// after a one-line edit in one flow (a warm driver on the compilation with that file replaced): inside a step body,
/// and in a step's signature.
/// </summary>
[MemoryDiagnoser]
public class GeneratorBenchmarks
{
    public const int Flows = 1000;


    private CSharpCompilation _compilation = null!;
    private SyntaxTree _original = null!;
    private SyntaxTree _edited = null!;
    private SyntaxTree[] _reshaped = null!;
    private int _reshapes;
    private SyntaxTree[] _newTypes = null!;
    private int _newTypesAdded;
    private GeneratorDriver _warm = null!;

    [GlobalSetup]
    public void Setup()
    {
        var flows = FlowCorpus.Effective(Flows);
        var editedFlow = flows / 2;
        _compilation = FlowCorpus.Create(Flows);
        _original = _compilation.SyntaxTrees.Single(t => t.FilePath == FlowCorpus.PathOf(editedFlow));

        // The one-line edit: a literal in the filter's body changes; the flow's shape does not.
        _edited = FlowCorpus.Parse(FlowCorpus.FlowSource(editedFlow, threshold: 250), FlowCorpus.PathOf(editedFlow));

        // The one-line edit that changes the flow's shape: the filter is renamed, so its generated pipeline changes. Two
        // names in turn, so that every run parses the edited flow again, as a new edit would, rather than finding the
        // model of the previous run's identical edit.
        _reshaped =
        [
            FlowCorpus.Parse(FlowCorpus.FlowSource(editedFlow, filter: "IsLarge"), FlowCorpus.PathOf(editedFlow)),
            FlowCorpus.Parse(FlowCorpus.FlowSource(editedFlow, filter: "IsHuge"), FlowCorpus.PathOf(editedFlow)),
        ];

        // A new file declaring a type no flow names (two names in turn, as for the signature edit).
        _newTypes =
        [
            FlowCorpus.Parse("namespace Corpus.Models; public static class Rounding { public static decimal Cents(decimal d) => decimal.Round(d, 2); }", "Models/Rounding.cs"),
            FlowCorpus.Parse("namespace Corpus.Models; public static class Currency { public const string Default = \"EUR\"; }", "Models/Currency.cs"),
        ];

        _warm = CreateDriver().RunGenerators(_compilation);
        var first = _warm.GetRunResult();
        if (first.Results.Single().Exception is { } exception)
        {
            throw new InvalidOperationException("The generator failed on the corpus.", exception);
        }

        if (first.GeneratedTrees.Length != flows + 1)
        {
            throw new InvalidOperationException($"Expected {flows + 1} generated files, got {first.GeneratedTrees.Length}.");
        }
    }

    /// <summary>Returns the number of generated files (1,000 pipelines and <c>AddFlows</c>).</summary>
    [Benchmark(Baseline = true)]
    public int FirstRun()
    {
        var driver = CreateDriver().RunGenerators(_compilation.Clone());
        return driver.GetRunResult().GeneratedTrees.Length;
    }

    /// <summary>Returns the number of generated files; the edit leaves every flow's shape, so all come from the cache.</summary>
    [Benchmark]
    public int IncrementalEdit()
    {
        var edited = _compilation.ReplaceSyntaxTree(_original, _edited);
        var driver = _warm.RunGenerators(edited);
        return driver.GetRunResult().GeneratedTrees.Length;
    }

    /// <summary>
    /// Returns the number of generated files. A signature changed, so the pipeline asks for every flow again; only the
    /// edited flow depends on the edited file, so only it is parsed in the new compilation and only its file is emitted again.
    /// </summary>
    [Benchmark]
    public int IncrementalShapeEdit()
    {
        var edited = _compilation.ReplaceSyntaxTree(_original, _reshaped[_reshapes++ & 1]);
        var driver = _warm.RunGenerators(edited);
        return driver.GetRunResult().GeneratedTrees.Length;
    }

    /// <summary>
    /// Returns the number of generated files. A file is added that declares a type no flow's declarations name: the
    /// names changed, but no flow can bind differently, so none is parsed again.
    /// </summary>
    [Benchmark]
    public int IncrementalNewType()
    {
        var edited = _compilation.AddSyntaxTrees(_newTypes[_newTypesAdded++ & 1]);
        var driver = _warm.RunGenerators(edited);
        return driver.GetRunResult().GeneratedTrees.Length;
    }

    /// <summary>
    /// What the edit costs before any generator runs: the new compilation and the symbols of the edited flow's class and
    /// of <c>[Flow]</c>, which any semantic generator (and the IDE) needs after the edit.
    /// </summary>
    [Benchmark]
    public int EditedCompilationOnly()
    {
        var edited = _compilation.ReplaceSyntaxTree(_original, _edited);
        var flow = edited.GetTypeByMetadataName("Corpus.Flows.Flow" + (FlowCorpus.Effective(Flows) / 2).ToString("D4", System.Globalization.CultureInfo.InvariantCulture));
        var attribute = edited.GetTypeByMetadataName("FlowSdk.FlowAttribute");
        return (flow?.GetMembers().Length ?? 0) + (attribute is null ? 0 : 1);
    }

    private static GeneratorDriver CreateDriver() => CSharpGeneratorDriver.Create(
        [new FlowGenerator().AsSourceGenerator()],
        parseOptions: FlowCorpus.ParseOptions,
        driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: false));
}
