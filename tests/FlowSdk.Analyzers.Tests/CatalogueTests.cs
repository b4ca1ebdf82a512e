using System.Reflection;
using FlowSdk.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace FlowSdk.Analyzers.Tests;

/// <summary>Every descriptor is reported by an analyzer, documented, linked to its page and release-tracked.</summary>
public sealed class CatalogueTests
{
    public static TheoryData<string> Ids => new(Descriptors().Select(d => d.Id));

    [Theory]
    [MemberData(nameof(Ids))]
    public void Each_diagnostic_has_its_page_its_help_link_and_a_release_line(string id)
    {
        var descriptor = Descriptors().Single(d => d.Id == id);
        var page = Path.Combine(RepositoryRoot(), "docs", "diagnostics", id + ".md");

        Assert.EndsWith("/docs/diagnostics/" + id + ".md", descriptor.HelpLinkUri, StringComparison.Ordinal);
        Assert.True(File.Exists(page), $"missing {page}");
        var text = File.ReadAllText(page);
        Assert.Contains("## Wrong", text, StringComparison.Ordinal);
        Assert.Contains("## Right", text, StringComparison.Ordinal);

        var releases = File.ReadAllLines(Path.Combine(RepositoryRoot(), "analyzers", "FlowSdk.Analyzers", "AnalyzerReleases.Unshipped.md"));
        Assert.Contains(releases, l => l.StartsWith(id + " | FlowSdk | " + descriptor.DefaultSeverity + " |", StringComparison.Ordinal));
        Assert.Contains(AllAnalyzersTest.Analyzers().SelectMany(a => a.SupportedDiagnostics), d => d.Id == id);
    }

    private static IEnumerable<DiagnosticDescriptor> Descriptors() => typeof(DiagnosticDescriptors)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => f.GetValue(null))
        .OfType<DiagnosticDescriptor>();

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "FlowSdk.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("FlowSdk.sln not found above " + AppContext.BaseDirectory);
    }
}
