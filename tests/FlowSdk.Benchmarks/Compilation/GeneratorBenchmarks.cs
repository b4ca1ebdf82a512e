using BenchmarkDotNet.Attributes;
using FlowSdk.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace FlowSdk.Benchmarks.Compilation;

/// <summary>
/// Generator cost on a project of <see cref="Flows"/> flows × 5 steps: a first run (a new driver on a compilation
/// whose symbols nobody has bound yet, as on a clean build), and the incremental re-run the IDE does after a one-line
/// edit of one step body (a warm driver on the compilation with that file replaced).
/// </summary>
[MemoryDiagnoser]
public class GeneratorBenchmarks
{
    public const int Flows = 1000;


    private CSharpCompilation _compilation = null!;
    private SyntaxTree _original = null!;
    private SyntaxTree _edited = null!;
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
    [Benchmark]
    public int FirstRun()
    {
        var driver = CreateDriver().RunGenerators(_compilation.Clone());
        return driver.GetRunResult().GeneratedTrees.Length;
    }

    /// <summary>Returns the number of generated files; all but the edited flow's come from the driver's cache.</summary>
    [Benchmark]
    public int IncrementalEdit()
    {
        var edited = _compilation.ReplaceSyntaxTree(_original, _edited);
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
