using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using FlowSdk.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace FlowSdk.Benchmarks.Compilation;

/// <summary>
/// Analyzer cost on a project of <see cref="Flows"/> flows × 5 steps, as a build pays it: every run starts from a fresh
/// clone of the compilation, so binding is included. <c>Compile_Baseline</c> is the compiler's own diagnostics pass on
/// the same clone; the difference is what the FlowSdk analyzers add.
/// </summary>
[MemoryDiagnoser]
public class AnalyzerBenchmarks
{
    public const int Flows = 1000;

    private CSharpCompilation _compilation = null!;
    private ImmutableArray<DiagnosticAnalyzer> _analyzers;

    [GlobalSetup]
    public void Setup()
    {
        _compilation = FlowCorpus.Create(Flows);
        _analyzers = [new FlowClassAnalyzer(), new DuplicateFlowAnalyzer(), new BlockingCallAnalyzer()];

        // The corpus is valid: a FLOW diagnostic here would mean the benchmark measures error paths.
        var diagnostics = Analyze().GetAwaiter().GetResult();
        if (diagnostics.Any(d => d.Id.StartsWith("FLOW", StringComparison.Ordinal)))
        {
            throw new InvalidOperationException("The corpus has FLOW diagnostics: " + string.Join("; ", diagnostics.Take(5)));
        }
    }

    /// <summary>Returns the number of compiler diagnostics.</summary>
    [Benchmark(Baseline = true)]
    public int Compile_Baseline() => _compilation.Clone().GetDiagnostics().Length;

    /// <summary>Returns the number of analyzer diagnostics (none on this corpus).</summary>
    [Benchmark]
    public async Task<int> AllAnalyzers() => (await Analyze()).Length;

    private Task<ImmutableArray<Diagnostic>> Analyze() => _compilation.Clone()
        .WithAnalyzers(_analyzers, new CompilationWithAnalyzersOptions(new AnalyzerOptions([]), onAnalyzerException: null, concurrentAnalysis: true, logAnalyzerExecutionTime: false))
        .GetAnalyzerDiagnosticsAsync();
}
