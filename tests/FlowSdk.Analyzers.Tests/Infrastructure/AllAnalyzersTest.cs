using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace FlowSdk.Analyzers.Tests.Infrastructure;

/// <summary>Runs every FlowSdk analyzer at once, as a build does, so each case states all the diagnostics it gets.</summary>
internal sealed class AllAnalyzersTest : CSharpAnalyzerTest<FlowClassAnalyzer, DefaultVerifier>
{
    public static DiagnosticAnalyzer[] Analyzers() => [new FlowClassAnalyzer(), new DuplicateFlowAnalyzer(), new BlockingCallAnalyzer(), new FlowJsonContextAnalyzer()];

    protected override IEnumerable<DiagnosticAnalyzer> GetDiagnosticAnalyzers() => Analyzers();
}
