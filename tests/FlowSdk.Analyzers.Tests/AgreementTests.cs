extern alias generator;

using System.Collections.Immutable;
using FlowSdk.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;
using FlowGenerator = generator::FlowSdk.Generators.FlowGenerator;

namespace FlowSdk.Analyzers.Tests;

/// <summary>
/// The generator and the analyzers share one parser, so over every case the generator must emit <c>RunAsync</c>
/// exactly for the flows the analyzers find no error in; otherwise a user would see an error and generated code, or
/// neither.
/// </summary>
public sealed class AgreementTests
{
    public static TheoryData<string> AllCases => new(FlowCases.Valid.Keys.Concat(FlowCases.Invalid.Keys).Concat(FlowCases.CrossFlow.Keys));

    [Theory]
    [MemberData(nameof(AllCases))]
    public async Task The_generator_emits_RunAsync_exactly_for_flows_without_a_FLOW_error(string name)
    {
        var source = FlowCases.Plain(FlowCases.Valid.GetValueOrDefault(name) ?? FlowCases.Invalid.GetValueOrDefault(name) ?? FlowCases.CrossFlow[name]);
        var compilation = TestCompilation.Create(source);
        var errors = await FlowErrorsAsync(compilation);
        var generated = Generate(compilation, out var output);

        var flows = FlowTypes(compilation).ToList();
        Assert.NotEmpty(flows);
        foreach (var flow in flows)
        {
            // Duplicates (FLOW012, FLOW013) are errors between flows: each flow alone is valid and is generated.
            var hasError = errors.Any(e => e.Id is not ("FLOW012" or "FLOW013") && flow.DeclaringSyntaxReferences.Any(r =>
                r.SyntaxTree == e.Location.SourceTree && r.Span.Contains(e.Location.SourceSpan)));
            var hasRunAsync = generated.TryGetValue(flow.ToDisplayString() + ".Flow.g.cs", out var text) && text.Contains("RunAsync", StringComparison.Ordinal);
            Assert.True(hasError != hasRunAsync, $"{flow.Name}: FLOW error {hasError}, RunAsync generated {hasRunAsync}; errors: {string.Join("; ", errors)}");
        }

        if (errors.Count == 0)
        {
            // A flow the analyzers accept must also compile once generated.
            Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        }
    }

    private static async Task<List<Diagnostic>> FlowErrorsAsync(Compilation compilation)
    {
        var analyzers = AllAnalyzersTest.Analyzers().ToImmutableArray();
        var diagnostics = await compilation.WithAnalyzers(analyzers).GetAnalyzerDiagnosticsAsync();
        return diagnostics.Where(d => d.Id.StartsWith("FLOW", StringComparison.Ordinal) && d.Severity == DiagnosticSeverity.Error).ToList();
    }

    private static Dictionary<string, string> Generate(Compilation compilation, out Compilation output)
    {
        GeneratorDriver driver = CSharpGeneratorDriver.Create([new FlowGenerator().AsSourceGenerator()], parseOptions: TestCompilation.ParseOptions);
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out output, out _);
        return driver.GetRunResult().Results
            .SelectMany(r => r.GeneratedSources)
            .ToDictionary(s => s.HintName, s => s.SourceText.ToString());
    }

    private static IEnumerable<INamedTypeSymbol> FlowTypes(Compilation compilation)
    {
        var flowAttribute = compilation.GetTypeByMetadataName("FlowSdk.FlowAttribute");
        foreach (var tree in compilation.SyntaxTrees)
        {
            var model = compilation.GetSemanticModel(tree);
            foreach (var declaration in tree.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.TypeDeclarationSyntax>())
            {
                if (model.GetDeclaredSymbol(declaration) is { } type &&
                    type.GetAttributes().Any(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, flowAttribute)) &&
                    declaration.AttributeLists.Count > 0)
                {
                    yield return type;
                }
            }
        }
    }
}
