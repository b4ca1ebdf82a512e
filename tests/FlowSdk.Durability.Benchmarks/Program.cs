using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Filters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace FlowSdk.Durability.Benchmarks;

/// <summary>
/// Runs the durability benchmarks with BenchmarkDotNet's command line (<c>--filter</c>, ...). Without <c>--job</c> it
/// uses <see cref="BatchJob"/>. One switch of its own: <c>--dry</c> runs every selected benchmark once, in process,
/// with the Dry job; the cases that need PostgreSQL are skipped (and say so) when <c>FLOWSDK_POSTGRES</c> is unset.
/// <c>diagnose [--batches 10] [--publishers 4] [--consumers 2] [--case Postgres]</c> reads what a message costs the PostgreSQL server (<see cref="StoreDiagnosis"/>).
/// </summary>
public static class Program
{
    /// <summary>
    /// One batch per iteration (a batch is its own warm-up-free unit: hosts are started in the global setup and one
    /// batch has run through each before measuring), 3 warm-up and 15 measured iterations, one process per case.
    /// </summary>
    public static Job BatchJob { get; } = Job.Default
        .WithStrategy(RunStrategy.Monitoring)
        .WithLaunchCount(1)
        .WithWarmupCount(3)
        .WithIterationCount(15)
        .WithInvocationCount(1)
        .WithUnrollFactor(1)
        .WithId("Batch");

    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "diagnose")
        {
            return await StoreDiagnosis.RunAsync(
                Number(args, "--batches", 10), Number(args, "--publishers", DurableQueueBenchmarks.Publishers), Number(args, "--consumers", BenchHost.Consumers),
                Array.IndexOf(args, "--case") is > 0 and var at && at + 1 < args.Length ? args[at + 1] : null);
        }

        var dry = args.Contains("--dry");
        args = [.. args.Where(a => a != "--dry")];

        var config = (IConfig)DefaultConfig.Instance;
        if (dry)
        {
            config = DefaultConfig.Instance
                .AddJob(Job.Dry.WithToolchain(InProcessEmitToolchain.Instance).WithId("Dry"))
                .WithOptions(ConfigOptions.DisableLogFile);
            if (!args.Contains("--filter"))
            {
                args = [.. args, "--filter", "*"];
            }

            if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(BenchHost.PostgresVariable)))
            {
                Console.WriteLine($"dry run: {BenchHost.PostgresVariable} is not set; the PostgreSQL cases are skipped.");
                config = config.AddFilter(new SimpleFilter(b => !b.Descriptor.WorkloadMethod.Name.Contains("Postgres", StringComparison.Ordinal)));
            }
        }
        else if (!args.Contains("--job") && !args.Contains("-j"))
        {
            // BenchmarkDotNet builds its own copy of the project first: on a busy 2-core machine that takes minutes.
            config = DefaultConfig.Instance.AddJob(BatchJob).WithBuildTimeout(TimeSpan.FromMinutes(10));
        }

        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
        var failed = summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success) || s.Reports.IsEmpty);
        return failed ? 1 : 0;
    }

    private static int Number(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index > 0 && index + 1 < args.Length ? int.Parse(args[index + 1], System.Globalization.CultureInfo.InvariantCulture) : fallback;
    }
}
