using BenchmarkDotNet.Running;

// dotnet run -c Release --project samples/CustomerSync.Benchmarks -- --filter '*'
// BenchmarkDotNet's command line applies: --job short, --job Dry --inProcess (a quick check that it runs), --exporters ...
var summaries = BenchmarkSwitcher.FromAssembly(typeof(CustomerSync.Benchmarks.CustomerSyncBenchmarks).Assembly).Run(args);

// A non-zero exit when a benchmark failed, so a CI step that runs them notices.
return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
