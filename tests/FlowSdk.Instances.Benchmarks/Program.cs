using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace FlowSdk.Instances.Benchmarks;

/// <summary>
/// Measurements of instances (docs/instances.md, "Measurements"):
/// <list type="bullet">
/// <item><c>memory [--instances 1000,10000]</c>: managed heap per idle instance.</item>
/// <item><c>deploy --store sqlite|postgres [--instances 2000] [--callers 1,8]</c>: deploy rate.</item>
/// <item>anything else goes to BenchmarkDotNet (<c>--filter *Routing*</c>); <c>--dry</c> runs each benchmark once in process.</item>
/// </list>
/// </summary>
public static class Program
{
    [RequiresUnreferencedCode("DataAnnotations validation")]
    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "memory")
        {
            return await MemoryMeasurement.RunAsync(Numbers(args, "--instances", [1_000, 10_000]));
        }

        if (args.Length > 0 && args[0] == "deploy")
        {
            var store = Option(args, "--store") is { } name ? Enum.Parse<StoreKind>(name, ignoreCase: true) : StoreKind.Sqlite;
            return await DeployRate.RunAsync(store, Numbers(args, "--instances", [2_000])[0], Numbers(args, "--callers", [1, 8]));
        }

        var dry = args.Contains("--dry");
        args = [.. args.Where(a => a != "--dry")];
        IConfig config = DefaultConfig.Instance;
        if (dry)
        {
            config = DefaultConfig.Instance
                .AddJob(Job.Dry.WithToolchain(InProcessEmitToolchain.Instance).WithId("Dry"))
                .WithOptions(ConfigOptions.DisableLogFile);
            if (!args.Contains("--filter"))
            {
                args = [.. args, "--filter", "*"];
            }
        }

        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
        var failed = summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success) || s.Reports.IsEmpty);
        return failed ? 1 : 0;
    }

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    private static int[] Numbers(string[] args, string name, int[] defaults) =>
        Option(args, name) is { } value
            ? [.. value.Split(',').Select(v => int.Parse(v, NumberStyles.AllowThousands, CultureInfo.InvariantCulture))]
            : defaults;
}
