using Microsoft.CodeAnalysis;

namespace FlowSdk.Generators.Tests;

/// <summary>Generated files raise no warning of their own, whatever the user's members are marked with.</summary>
public sealed class GeneratedCodeHygieneTests
{
    private const string ObsoleteMembers = """
        using System;
        using System.Threading.Tasks;
        using FlowSdk;

        namespace Demo;

        [Obsolete] public sealed record OldOrder(int Id);
        [Obsolete("Receipts move to v2.")] public sealed record OldReceipt(string Text);
        [Obsolete("Settings move to v2.")] public sealed class OldSettings { public string Prefix { get; set; } = ""; }

        [Flow("legacy", Configuration = typeof(OldSettings))]
        [ChannelTrigger]
        public sealed partial class Legacy
        {
            [Step, Obsolete] public OldOrder Parse(string s) => new(s.Length);
            [Filter, Obsolete("Keep everything.")] public ValueTask<bool> Keep(OldOrder o) => new(true);
            [Step, Obsolete("Describe in v2."), Retry(2)] public OldReceipt Describe(OldOrder o, OldSettings settings) => new(settings.Prefix + o.Id);
            [Step, Obsolete] public void Log(OldReceipt r) { }
        }

        [Obsolete("The whole flow is retired.")]
        [Flow("retired")]
        [ChannelTrigger]
        public sealed partial class Retired
        {
            [Step] public int Length(string s) => s.Length;
        }
        """;

    [Fact]
    public void Obsolete_steps_payload_types_configuration_and_flow_classes_raise_no_obsolete_warning_in_generated_code()
    {
        var (output, result) = GeneratorHarness.Run(ObsoleteMembers);

        Assert.Null(result.Exception);
        var generatedFiles = result.GeneratedSources.Select(s => s.SyntaxTree.FilePath).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(3, generatedFiles.Count); // both flows and the registration

        var diagnostics = output.GetDiagnostics();
        Assert.Empty(diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning && generatedFiles.Contains(d.Location.SourceTree?.FilePath ?? string.Empty)));

        // The suppression is the generated files' alone: the user's own use of an obsolete type still warns.
        Assert.Contains(diagnostics, d => d.Id == "CS0618" && d.Location.SourceTree?.FilePath == "File0.cs");
    }

    [Fact]
    public void GeneratedCode_names_the_generator_assembly_and_its_package_version()
    {
        var generator = typeof(FlowGenerator).Assembly.GetName();
        var (_, result) = GeneratorHarness.Run(ObsoleteMembers);

        // The package version: the assembly version's first three parts (plus any prerelease label), no source revision.
        var version = GeneratorHarness.GeneratorVersion;
        Assert.StartsWith(generator.Version!.ToString(3), version, StringComparison.Ordinal);
        Assert.DoesNotContain('+', version);
        Assert.All(result.GeneratedSources, source => Assert.Contains(
            $"[global::System.CodeDom.Compiler.GeneratedCode(\"{generator.Name}\", \"{version}\")]",
            source.SourceText.ToString(),
            StringComparison.Ordinal));
    }
}
