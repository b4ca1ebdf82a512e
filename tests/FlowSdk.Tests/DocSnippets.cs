using System.Text.RegularExpressions;
using FlowSdk.Testing;

namespace FlowSdk.Tests;

/// <summary>
/// The C# snippets of README.md and docs/*.md marked as complete programs:
/// <c>&lt;!-- snippet: program [project/File.cs] [sdk=Web|Worker|Console] [+Package@Version ...] --&gt;</c> right before a
/// <c>```csharp</c> fence. Snippets of one document naming the same project are the files of one project; a snippet
/// without a project is a project of its own whose only file is Program.cs.
/// </summary>
internal sealed partial record DocSnippetProject(string Id, string Sdk, IReadOnlyList<string> ExtraPackages, IReadOnlyDictionary<string, string> Files)
{
    public static IReadOnlyList<DocSnippetProject> All { get; } = Load(PackedFeed.FindRepositoryRoot());

    public static DocSnippetProject Get(string id) => All.Single(p => p.Id == id);

    /// <summary>Creates the project against the packed feed: every FlowSdk package plus the snippet's own packages.</summary>
    public UserProject Create()
    {
        var feed = PackedFeed.Instance;
        var name = "Snippet_" + string.Concat(Id.Select(c => char.IsLetterOrDigit(c) ? c : '_'));
        return feed.CreateProject(name, [.. feed.PackageIds, .. ExtraPackages], Files, Sdk);
    }

    private static List<DocSnippetProject> Load(string root)
    {
        var documents = new[] { Path.Combine(root, "README.md") }
            .Concat(Directory.GetFiles(Path.Combine(root, "docs"), "*.md", SearchOption.AllDirectories).Order(StringComparer.Ordinal));
        var projects = new List<DocSnippetProject>();
        foreach (var document in documents)
        {
            var relative = Path.GetRelativePath(root, document).Replace('\\', '/');
            var groups = new Dictionary<string, (string Sdk, List<string> Packages, Dictionary<string, string> Files)>(StringComparer.Ordinal);
            var index = 0;
            foreach (Match match in Marker().Matches(File.ReadAllText(document).ReplaceLineEndings("\n")))
            {
                index++;
                var project = $"snippet{index}";
                var file = "Program.cs";
                var sdk = "Microsoft.NET.Sdk.Web";
                var packages = new List<string>();
                foreach (var token in match.Groups["args"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    if (token.StartsWith('+'))
                    {
                        packages.Add(token[1..]);
                    }
                    else if (token.StartsWith("sdk=", StringComparison.Ordinal))
                    {
                        sdk = token[4..] switch
                        {
                            "Web" => "Microsoft.NET.Sdk.Web",
                            "Worker" => "Microsoft.NET.Sdk.Worker",
                            "Console" => "Microsoft.NET.Sdk",
                            var other => throw new InvalidDataException($"{relative}: unknown sdk '{other}' in a snippet marker"),
                        };
                    }
                    else if (token.Split('/') is [var p, var f])
                    {
                        (project, file) = (p, f);
                    }
                    else
                    {
                        throw new InvalidDataException($"{relative}: cannot read '{token}' in a snippet marker");
                    }
                }

                if (!groups.TryGetValue(project, out var group))
                {
                    group = groups[project] = (sdk, [], new Dictionary<string, string>(StringComparer.Ordinal));
                }

                group.Packages.AddRange(packages);
                if (!group.Files.TryAdd(file, match.Groups["code"].Value + "\n"))
                {
                    throw new InvalidDataException($"{relative}: two snippets of project '{project}' are both {file}");
                }
            }

            projects.AddRange(groups.Select(g => new DocSnippetProject($"{relative}#{g.Key}", g.Value.Sdk, g.Value.Packages.Distinct().ToList(), g.Value.Files)));
        }

        return projects;
    }

    [GeneratedRegex(@"^<!-- snippet: program(?<args>[^>]*?)-->\n```csharp\n(?<code>.*?)\n```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex Marker();
}
