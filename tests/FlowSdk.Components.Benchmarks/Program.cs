using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace FlowSdk.Components.Benchmarks;

/// <summary>
/// The component benchmarks: each component beside the bare library it builds on. <c>--dry</c> runs each benchmark
/// once in process (the CI dry run); anything else goes to BenchmarkDotNet (<c>--filter *Csv*</c>).
/// </summary>
public static class Program
{
    public static void Main(string[] args)
    {
        var dry = args.Contains("--dry");
        args = [.. args.Where(a => a != "--dry")];
        var config = dry
            ? ManualConfig.Create(DefaultConfig.Instance).AddJob(Job.Dry.WithToolchain(InProcessEmitToolchain.Instance).WithId("Dry"))
            : DefaultConfig.Instance;
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(dry && !args.Contains("--filter") ? [.. args, "--filter", "*"] : args, config);
    }
}
