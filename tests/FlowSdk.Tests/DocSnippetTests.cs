namespace FlowSdk.Tests;

/// <summary>Every snippet the docs present as a complete program builds against the packed packages, as a user's copy would.</summary>
public sealed class DocSnippetTests
{
    public static TheoryData<string> Projects => [.. DocSnippetProject.All.Select(p => p.Id)];

    [Fact]
    public void The_readme_has_a_complete_program_to_copy()
    {
        Assert.Contains(DocSnippetProject.All, p => p.Id == "README.md#tour" && p.Files.ContainsKey("Program.cs"));
    }

    [Theory]
    [MemberData(nameof(Projects))]
    public void A_snippet_marked_as_a_program_builds_against_the_packed_packages_without_warnings(string id)
    {
        var snippet = DocSnippetProject.Get(id);

        // The convention the docs promise: wiring needs no FlowSdk namespace.
        if (snippet.Files.TryGetValue("Program.cs", out var program))
        {
            Assert.DoesNotMatch(@"(?m)^\s*using\s+FlowSdk", program);
        }

        var build = snippet.Create().Build();
        Assert.True(build.ExitCode == 0, build.Output);
        Assert.Contains("0 Warning(s)", build.Output, StringComparison.Ordinal);
    }
}
