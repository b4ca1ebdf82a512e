using System.Diagnostics;
using System.Text;

namespace FlowSdk.Testing;

/// <summary>
/// Packs the solution's packages once per test process into a local folder feed (a unique prerelease version, so no
/// stale copy from the NuGet cache is ever used) and builds throwaway user projects against it, exactly as a user
/// outside this repository would. Packing is serialised across test processes with a lock file.
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
        var references = string.Join(Environment.NewLine, packages.Select(p => $"    <PackageReference Include=\"{p}\" Version=\"{Version}\" />"));
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
        var version = "0.1.0-test" + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", System.Globalization.CultureInfo.InvariantCulture) + Environment.ProcessId;
        var feeds = Path.Combine(repositoryRoot, "artifacts", "test-feeds");
        System.IO.Directory.CreateDirectory(feeds);
        var directory = Path.Combine(feeds, version);

        // dotnet pack writes intermediate files into each project's obj folder: one packer at a time, across processes.
        using var mutex = new Mutex(initiallyOwned: false, "FlowSdk.PackedFeed");
        if (!mutex.WaitOne(TimeSpan.FromMinutes(10)))
        {
            throw new TimeoutException("Another test process held the pack lock for 10 minutes.");
        }

        try
        {
            var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
            var result = Run("dotnet", $"pack \"{Path.Combine(repositoryRoot, "FlowSdk.sln")}\" -c {configuration} --no-build -o \"{directory}\" -p:Version={version} -nologo", repositoryRoot, TimeSpan.FromMinutes(5));
            if (result.ExitCode != 0)
            {
                throw new InvalidOperationException("dotnet pack failed:\n" + result.Output);
            }
        }
        finally
        {
            mutex.ReleaseMutex();
        }

        return new PackedFeed(repositoryRoot, directory, version);
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
