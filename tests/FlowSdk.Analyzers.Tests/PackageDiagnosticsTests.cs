using System.Text.RegularExpressions;
using FlowSdk.Analyzers.Tests.Infrastructure;
using FlowSdk.Testing;
using Xunit;

namespace FlowSdk.Analyzers.Tests;

/// <summary>
/// A user project that references only the packed FlowSdk package and holds miswired flows: <c>dotnet build</c> fails
/// with each FLOW diagnostic at the file, line and column of its cause, and the valid flows beside them get none.
/// </summary>
public sealed partial class PackageDiagnosticsTests
{
    [Fact]
    public void A_build_against_the_packed_package_reports_every_FLOW_diagnostic_at_its_cause()
    {
        // Every miswired case, one file each, plus cases whose flows are valid apart from a warning or a duplicate.
        var cases = FlowCases.Invalid
            .Concat(FlowCases.CrossFlow.Where(c => c.Key.StartsWith("FLOW", StringComparison.Ordinal)))
            .Concat(FlowCases.Valid.Where(c => c.Key is "seed flow with every step kind" or "a flow without trigger still runs" or "a step that blocks still runs"))
            .ToList();

        var files = new Dictionary<string, string> { ["Models.cs"] = ModelsFile() };
        var expected = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < cases.Count; i++)
        {
            var file = $"Flows/Case{i:00}.cs";
            var header = $"#nullable enable\nusing FlowSdk;\n\nnamespace Case{i:00}\n{{\n";
            var headerLines = header.Count(c => c == '\n');
            foreach (var (id, line, column) in Markers(cases[i].Value))
            {
                expected.Add($"{file}({line + headerLines},{column}): {id}");
            }

            files[file] = header + FlowCases.Plain(cases[i].Value) + "\n}\n";
        }

        var project = PackedFeed.Instance.CreateProject("MiswiredApp", ["FlowSdk"], files, outputType: "Library");
        var build = project.Build();

        Assert.NotEqual(0, build.ExitCode);
        var reported = new HashSet<string>(
            Reported().Matches(build.Output).Select(m => $"{Path.GetRelativePath(project.Directory, m.Groups["file"].Value)}({m.Groups["line"].Value},{m.Groups["column"].Value}): {m.Groups["id"].Value}"),
            StringComparer.Ordinal);
        Assert.Equal(expected.Order(), reported.Order());
        Assert.Subset(reported.Select(r => r[^7..]).ToHashSet(), Enumerable.Range(1, 15).Select(n => $"FLOW{n:000}").ToHashSet());
    }

    private static string ModelsFile() =>
        TestCompilation.Preamble.Replace("#nullable enable", string.Empty, StringComparison.Ordinal)
            .Replace("using FlowSdk;", string.Empty, StringComparison.Ordinal);

    /// <summary>The 1-based line and column of every <c>{|FLOWnnn:</c> marker, measured in the source without markup.</summary>
    private static IEnumerable<(string Id, int Line, int Column)> Markers(string markup)
    {
        var plain = new System.Text.StringBuilder();
        var position = 0;
        foreach (Match match in Markup().Matches(markup))
        {
            plain.Append(markup, position, match.Index - position);
            position = match.Index + match.Length;
            if (match.Groups["id"].Success)
            {
                var text = plain.ToString();
                var line = text.Count(c => c == '\n') + 1;
                var column = text.Length - (text.LastIndexOf('\n') + 1) + 1;
                yield return (match.Groups["id"].Value, line, column);
            }
        }
    }

    [GeneratedRegex(@"\{\|(?<id>FLOW\d{3}):|\|\}")]
    private static partial Regex Markup();

    [GeneratedRegex(@"^\s*(?<file>/[^(\s]+\.cs)\((?<line>\d+),(?<column>\d+)\): (?:error|warning) (?<id>FLOW\d{3}):", RegexOptions.Multiline)]
    private static partial Regex Reported();
}
