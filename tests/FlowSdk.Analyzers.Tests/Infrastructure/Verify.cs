using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace FlowSdk.Analyzers.Tests.Infrastructure;

/// <summary>Runs the analyzers over <c>{|FLOWnnn:...|}</c> markup with the shared references.</summary>
internal static class Verify
{
    /// <summary>
    /// Asserts every FlowSdk analyzer together reports exactly the marked and the <paramref name="expected"/>
    /// diagnostics, and that the source otherwise compiles.
    /// </summary>
    public static Task DiagnosticsAsync(string source, params DiagnosticResult[] expected)
    {
        var test = new AllAnalyzersTest();
        Configure(test);
        test.TestState.Sources.Add(TestCompilation.Preamble + source);
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    /// <summary>As <see cref="DiagnosticsAsync(string, DiagnosticResult[])"/>, with assembly attributes in a file of their own.</summary>
    public static Task DiagnosticsWithAssemblyAttributesAsync(string assemblyAttributes, string source)
    {
        var test = new AllAnalyzersTest();
        Configure(test);
        test.TestState.Sources.Add(("AssemblyInfo.cs", "using FlowSdk;\n" + assemblyAttributes));
        test.TestState.Sources.Add(("Flows.cs", TestCompilation.Preamble + source));
        return test.RunAsync();
    }

    public static DiagnosticResult Diagnostic(string id) => new(id, id is "FLOW014" or "FLOW015" or "FLOW024" ? Microsoft.CodeAnalysis.DiagnosticSeverity.Warning : Microsoft.CodeAnalysis.DiagnosticSeverity.Error);

    internal static void Configure(AnalyzerTest<DefaultVerifier> test)
    {
        test.ReferenceAssemblies = TestCompilation.NoPackage;
        test.TestState.AdditionalReferences.AddRange(TestCompilation.References);
    }
}

/// <summary>Runs a code fix one diagnostic at a time and as Fix All, and checks the result compiles and is clean.</summary>
internal static class VerifyFix<TAnalyzer, TCodeFix>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    public static Task FixAsync(string source, string fixedSource, string? equivalenceKey = null, int? fixAllIterations = null)
    {
        var test = new CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
        {
            TestCode = TestCompilation.Preamble + source,
            FixedCode = TestCompilation.Preamble + fixedSource,
            CodeActionEquivalenceKey = equivalenceKey,
        };
        Verify.Configure(test);
        test.FixedState.AdditionalReferences.AddRange(TestCompilation.References);
        test.BatchFixedState.AdditionalReferences.AddRange(TestCompilation.References);
        if (fixAllIterations is { } iterations)
        {
            test.NumberOfFixAllIterations = iterations;
        }

        return test.RunAsync();
    }
}
