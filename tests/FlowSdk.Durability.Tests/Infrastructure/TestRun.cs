using System.Text.Json;
using Xunit.Abstractions;

namespace FlowSdk.Durability.Tests;

/// <summary>
/// One test's workspace under <c>artifacts/durability/{name}</c>: the journal folder, each worker's log, the SQLite file;
/// every worker it started, killed at the end whatever happened; and the results file the test reports its numbers in
/// (<c>artifacts/durability/{name}.json</c>), also written to the test output.
/// </summary>
internal sealed class TestRun : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private readonly ITestOutputHelper _output;
    private readonly List<WorkerProcess> _workers = [];

    public TestRun(ITestOutputHelper output, string name)
    {
        _output = output;
        Name = name;
        Folder = Path.Combine(Paths.Results, name);
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }

        Directory.CreateDirectory(Folder);
        File.Delete(ResultsFile); // a failed run must not leave the last run's numbers looking like its own
        Journal = new Journal(Path.Combine(Folder, "journal"));
    }

    public string Name { get; }

    public string Folder { get; }

    public Journal Journal { get; }

    public string SqlitePath => Path.Combine(Folder, "store.db");

    private string ResultsFile => Path.Combine(Paths.Results, Name + ".json");

    /// <summary>Starts a worker and returns once it listens; it is killed when the run ends if it still runs.</summary>
    public Task<WorkerProcess> StartAsync(WorkerSpec spec) => StartAsync(spec, mayExit: false);

    /// <summary>Starts a worker and returns once it listens or exited, whichever comes first.</summary>
    public Task<WorkerProcess> StartMayExitAsync(WorkerSpec spec) => StartAsync(spec, mayExit: true);

    /// <summary>
    /// How many times the workers logged that an outcome was refused because another node had claimed the message
    /// meanwhile (event 1031): each such execution ran twice although no process was killed (its node stalled past
    /// its lease, as a loaded machine can make it).
    /// </summary>
    public int StaleOutcomes()
    {
        lock (_workers)
        {
            return _workers.Sum(w => w.CountPrinted(line => line.Contains("[1031]", StringComparison.Ordinal)));
        }
    }

    private async Task<WorkerProcess> StartAsync(WorkerSpec spec, bool mayExit)
    {
        var worker = await WorkerProcess.StartAsync(spec, Path.Combine(Folder, "logs"), mayExit);
        lock (_workers)
        {
            _workers.Add(worker);
        }

        Log(worker.HasExited ? $"started {worker.NodeId} (pid {worker.Pid}): it exited before it listened" : $"started {worker.NodeId} (pid {worker.Pid}) on {worker.BaseAddress}");
        return worker;
    }

    public void Log(string line) => _output.WriteLine($"{DateTimeOffset.UtcNow:HH:mm:ss.fff} {line}");

    /// <summary>Writes the test's numbers to its results file and to the test output.</summary>
    public void Report(object results)
    {
        var json = JsonSerializer.Serialize(results, Indented);
        File.WriteAllText(ResultsFile, json);
        _output.WriteLine(json);
    }

    /// <summary>The last lines of every worker's output, for a failure message.</summary>
    public string Tails() => Tails(25);

    /// <summary>The last <paramref name="lines"/> lines of every worker's output.</summary>
    public string Tails(int lines)
    {
        lock (_workers)
        {
            return string.Join("\n", _workers.Select(w => $"--- {w.NodeId} (pid {w.Pid}{(w.HasExited ? ", exited" : string.Empty)}):\n{w.Tail(lines)}"));
        }
    }

    public async ValueTask DisposeAsync()
    {
        WorkerProcess[] workers;
        lock (_workers)
        {
            workers = [.. _workers];
        }

        foreach (var worker in workers)
        {
            await worker.DisposeAsync();
        }
    }
}
