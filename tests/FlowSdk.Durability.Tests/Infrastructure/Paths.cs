using System.Reflection;

namespace FlowSdk.Durability.Tests;

/// <summary>Where things are: the repository, the worker's build output, the results folder.</summary>
internal static class Paths
{
    /// <summary>The repository root: the folder above the tests that holds FlowSdk.sln.</summary>
    public static string Repository { get; } = FindRepository();

    /// <summary>The worker's assembly, built before the tests by the project reference.</summary>
    public static string WorkerAssembly { get; } = typeof(Paths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "WorkerAssembly").Value!;

    /// <summary><c>artifacts/durability</c>: a results file per test and the logs of every worker process.</summary>
    public static string Results => Path.Combine(Repository, "artifacts", "durability");

    private static string FindRepository()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "FlowSdk.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No FlowSdk.sln above {AppContext.BaseDirectory}.");
    }
}
