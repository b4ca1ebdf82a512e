using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace FlowSdk.Analyzers.Tests.Infrastructure;

/// <summary>Runs analyzers and code fixes over <c>{|FLOWnnn:...|}</c> markup with the shared references.</summary>
internal static class Verify<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    /// <summary>Asserts the analyzer reports exactly the marked diagnostics, and the source otherwise compiles.</summary>
    public static Task DiagnosticsAsync(params string[] sources)
    {
        var test = new CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>();
        Configure(test);
        foreach (var source in sources)
        {
            test.TestState.Sources.Add(TestCompilation.Preamble + source);
        }

        return test.RunAsync();
    }

    /// <summary>Asserts the fix turns <paramref name="source"/> into <paramref name="fixedSource"/>, one by one and all at once.</summary>
    public static Task FixAsync<TCodeFix>(string source, string fixedSource, string? equivalenceKey = null)
        where TCodeFix : CodeFixProvider, new()
    {
        var test = new CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
        {
            TestCode = TestCompilation.Preamble + source,
            FixedCode = TestCompilation.Preamble + fixedSource,
            CodeActionEquivalenceKey = equivalenceKey,
        };
        Configure(test);
        test.FixedState.AdditionalReferences.AddRange(TestCompilation.References);
        test.BatchFixedState.AdditionalReferences.AddRange(TestCompilation.References);
        return test.RunAsync();
    }

    private static void Configure(AnalyzerTest<DefaultVerifier> test)
    {
        test.ReferenceAssemblies = TestCompilation.NoPackage;
        test.TestState.AdditionalReferences.AddRange(TestCompilation.References);
    }
}
