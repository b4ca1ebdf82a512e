using System.Diagnostics;
using System.Text;

namespace FlowSdk.Testing;

/// <summary>
/// Packs the solution's packages into a local folder feed and builds throwaway user projects against it, exactly as a
/// user outside this repository would. The version names a hash of the sources, so a stale copy from the NuGet cache
/// is never used and test processes over the same sources share one feed.
/// </summary>
internal sealed class PackedFeed
{
    private static readonly Lazy<PackedFeed> s_instance = new(Create, LazyThreadSafetyMode.ExecutionAndPublication);

    private PackedFeed(string repositoryRoot, string directory, string version)
    {
        RepositoryRoot = repositoryRoot;
        Directory = directory;
        Version = version;
    }

    public static PackedFeed Instance => s_instance.Value;

    public string RepositoryRoot { get; }

    /// <summary>The folder holding the .nupkg files.</summary>
    public string Directory { get; }

    /// <summary>The version every package of this feed carries.</summary>
    public string Version { get; }

    public static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "FlowSdk.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("FlowSdk.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>The ids of the packages in this feed.</summary>
    public IReadOnlyList<string> PackageIds =>
        [.. System.IO.Directory.GetFiles(Directory, "*.nupkg").Select(p => Path.GetFileName(p)[..^($".{Version}.nupkg".Length)]).Order(StringComparer.Ordinal)];

    /// <summary>Creates a project folder with a NuGet.config pointing at this feed, the given package references and files.</summary>
    public UserProject CreateProject(string name, IReadOnlyList<string> packages, IReadOnlyDictionary<string, string> files, string sdk = "Microsoft.NET.Sdk", string outputType = "Exe")
    {
        var root = Path.Combine(Path.GetTempPath(), "flowsdk-user-" + Guid.NewGuid().ToString("N")[..8], name);
        System.IO.Directory.CreateDirectory(root);
        File.WriteAllText(Path.Combine(root, "NuGet.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="flowsdk-local" value="{Directory}" />
              </packageSources>
            </configuration>
            """);
        // "Name" is a package of this feed; "Name@Version" a package from the configured sources.
        var references = string.Join(Environment.NewLine, packages.Select(p => p.Split('@') is [var id, var version]
            ? $"    <PackageReference Include=\"{id}\" Version=\"{version}\" />"
            : $"    <PackageReference Include=\"{p}\" Version=\"{Version}\" />"));
        File.WriteAllText(Path.Combine(root, name + ".csproj"), $"""
            <Project Sdk="{sdk}">
              <PropertyGroup>
                <OutputType>{outputType}</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
            {references}
              </ItemGroup>
            </Project>
            """);
        // Keep the repository's Directory.*.props and global.json out of the user project.
        File.WriteAllText(Path.Combine(root, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(root, "Directory.Packages.props"), "<Project />");
        foreach (var (path, content) in files)
        {
            var full = Path.Combine(root, path);
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, content);
        }

        return new UserProject(root, name);
    }

    private static PackedFeed Create()
    {
        var repositoryRoot = FindRepositoryRoot();
        var hash = SourceHash(repositoryRoot);
        var version = "0.1.0-test." + hash;
        var feeds = Path.Combine(repositoryRoot, "artifacts", "test-feeds");
        var directory = Path.Combine(feeds, hash);
        var complete = Path.Combine(directory, ".complete");

        // Test processes run while other projects of the solution may still be building, so packing never reads the
        // repository's bin/obj folders: it builds a private copy of the sources. Processes with the same sources share
        // one feed; the lock makes the others wait for it.
        using var mutex = new Mutex(initiallyOwned: false, "FlowSdk.PackedFeed");
        if (!mutex.WaitOne(TimeSpan.FromMinutes(15)))
        {
            throw new TimeoutException("Another test process held the pack lock for 15 minutes.");
        }

        try
        {
            if (!File.Exists(complete))
            {
                Pack(repositoryRoot, directory, version);
                File.WriteAllText(complete, version);
            }
        }
        finally
        {
            mutex.ReleaseMutex();
        }

        return new PackedFeed(repositoryRoot, directory, version);
    }

    /// <summary>The folders and files that make up the packages.</summary>
    private static readonly string[] PackageInputs = ["src", "generators", "analyzers", "Directory.Build.props", "Directory.Packages.props", "global.json", ".editorconfig"];

    private static void Pack(string repositoryRoot, string directory, string version)
    {
        var copy = Path.Combine(Path.GetTempPath(), "flowsdk-pack-" + Guid.NewGuid().ToString("N")[..8]);
        foreach (var file in SourceFiles(repositoryRoot))
        {
            var target = Path.Combine(copy, Path.GetRelativePath(repositoryRoot, file));
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        // One solution of the packable projects: one restore, one build graph.
        var projects = System.IO.Directory.GetFiles(Path.Combine(copy, "src"), "*.csproj", SearchOption.AllDirectories).Order(StringComparer.Ordinal);
        foreach (var command in new[] { "new sln -n Packages --format sln", "sln Packages.sln add " + string.Join(" ", projects.Select(p => $"\"{p}\"")), $"pack Packages.sln -c Release -o \"{directory}\" -p:Version={version} -nologo" })
        {
            var result = Run("dotnet", command, copy, TimeSpan.FromMinutes(10));
            if (result.ExitCode != 0)
            {
                throw new InvalidOperationException($"dotnet {command} failed:\n{result.Output}");
            }
        }

        System.IO.Directory.Delete(copy, recursive: true);
    }

    private static IEnumerable<string> SourceFiles(string repositoryRoot)
    {
        foreach (var input in PackageInputs)
        {
            var path = Path.Combine(repositoryRoot, input);
            if (File.Exists(path))
            {
                yield return path;
            }
            else if (System.IO.Directory.Exists(path))
            {
                var separator = Path.DirectorySeparatorChar;
                foreach (var file in System.IO.Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                    .Where(f => !f.Contains($"{separator}bin{separator}", StringComparison.Ordinal) && !f.Contains($"{separator}obj{separator}", StringComparison.Ordinal))
                    .Order(StringComparer.Ordinal))
                {
                    yield return file;
                }
            }
        }
    }

    private static string SourceHash(string repositoryRoot)
    {
        using var sha = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        foreach (var file in SourceFiles(repositoryRoot))
        {
            sha.AppendData(Encoding.UTF8.GetBytes(Path.GetRelativePath(repositoryRoot, file)));
            sha.AppendData(File.ReadAllBytes(file));
        }

        return Convert.ToHexStringLower(sha.GetHashAndReset())[..12];
    }

    /// <summary>Runs a process to completion and returns its exit code and interleaved output.</summary>
    public static (int ExitCode, string Output) Run(string fileName, string arguments, string workingDirectory, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(fileName, arguments)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        var output = new StringBuilder();
        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {arguments} did not finish within {timeout}:\n{output}");
        }

        process.WaitForExit();
        lock (output)
        {
            return (process.ExitCode, output.ToString());
        }
    }
}

/// <summary>A throwaway project built against the packed feed.</summary>
internal sealed record UserProject(string Directory, string Name)
{
    public (int ExitCode, string Output) Build() =>
        PackedFeed.Run("dotnet", "build -c Release -nologo", Directory, TimeSpan.FromMinutes(5));

    public (int ExitCode, string Output) Run(string arguments = "") =>
        PackedFeed.Run("dotnet", $"run -c Release --no-build {arguments}", Directory, TimeSpan.FromMinutes(2));
}
