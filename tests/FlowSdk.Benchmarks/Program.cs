using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace FlowSdk.Benchmarks;

/// <summary>
/// Runs the benchmarks with BenchmarkDotNet's command line (<c>--filter</c>, <c>--job</c>, ...). One switch of its own:
/// <c>--dry</c> runs every selected benchmark once, in process, with the Dry job and the compilation corpus cut to
/// <see cref="Compilation.FlowCorpus.DryRunFlows"/> flows: it proves they run and measures nothing.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var dry = args.Contains("--dry");
        args = [.. args.Where(a => a != "--dry")];

        IConfig config = DefaultConfig.Instance;
        if (dry)
        {
            Compilation.FlowCorpus.DryRun = true;
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
}
