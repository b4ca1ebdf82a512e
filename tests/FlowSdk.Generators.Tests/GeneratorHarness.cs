using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace FlowSdk.Generators.Tests;

/// <summary>Compiles source against .NET 10 and FlowSdk and runs the generator over it.</summary>
internal static class GeneratorHarness
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    public static IReadOnlyList<MetadataReference> References { get; } =
    [
        .. Basic.Reference.Assemblies.Net100.References.All,
        MetadataReference.CreateFromFile(typeof(FlowAttribute).Assembly.Location),
        MetadataReference.CreateFromFile(typeof(Microsoft.Extensions.DependencyInjection.IServiceCollection).Assembly.Location),
        MetadataReference.CreateFromFile(typeof(Polly.ResiliencePipeline).Assembly.Location),
    ];

    public static CSharpCompilation Compile(params string[] sources) => CSharpCompilation.Create(
        "TestProject",
        sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"File{i}.cs")),
        References,
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable)
            .WithSpecificDiagnosticOptions(UnificationNoise));

    // As the .NET SDK does: Polly is built against an older System.Runtime, which unifies with .NET 10's without harm.
    private static readonly Dictionary<string, ReportDiagnostic> UnificationNoise = new()
    {
        ["CS1701"] = ReportDiagnostic.Suppress,
        ["CS1702"] = ReportDiagnostic.Suppress,
    };

    public static GeneratorDriver CreateDriver() => CreateDriver(new FlowGenerator());

    public static GeneratorDriver CreateDriver(FlowGenerator generator) => CSharpGeneratorDriver.Create(
        [generator.AsSourceGenerator()],
        parseOptions: ParseOptions,
        driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator; returns the output compilation and the run result.</summary>
    public static (Compilation Output, GeneratorRunResult Result) Run(params string[] sources)
    {
        var driver = CreateDriver().RunGeneratorsAndUpdateCompilation(Compile(sources), out var output, out _);
        return (output, driver.GetRunResult().Results.Single());
    }

    /// <summary>The generated text of the flow file for <paramref name="hintPrefix"/>, or null.</summary>
    public static string? Generated(GeneratorRunResult result, string hintPrefix) =>
        result.GeneratedSources.FirstOrDefault(s => s.HintName.StartsWith(hintPrefix, StringComparison.Ordinal)).SourceText?.ToString();

    /// <summary>
    /// The version generated code names in <c>[GeneratedCode]</c>: the generator assembly's package version, without
    /// the source-revision suffix.
    /// </summary>
    public static string GeneratorVersion { get; } =
        typeof(FlowGenerator).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion.Split('+')[0];

    public static IEnumerable<Diagnostic> Errors(Compilation compilation) =>
        compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning);
}
