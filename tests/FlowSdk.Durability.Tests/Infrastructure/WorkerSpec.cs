using System.Globalization;

namespace FlowSdk.Durability.Tests;

/// <summary>How to start one worker process: its store, node id, lease and journal (the worker's WorkerKeys).</summary>
internal sealed record WorkerSpec
{
    public required string NodeId { get; init; }

    /// <summary>The SQLite file; set this or <see cref="Postgres"/>.</summary>
    public string? SqlitePath { get; init; }

    /// <summary>The Npgsql connection string; set this or <see cref="SqlitePath"/>.</summary>
    public string? Postgres { get; init; }

    public TimeSpan Lease { get; init; } = TimeSpan.FromSeconds(10);

    public int MaxDeliveries { get; init; } = 5;

    public TimeSpan StepDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    public int JobConcurrency { get; init; } = 4;

    public required Journal Journal { get; init; }

    /// <summary>More command-line settings, such as a log level a test waits on or counts.</summary>
    public IReadOnlyList<string> ExtraArguments { get; init; } = [];

    /// <summary>The same worker under another node id: what a restarted process is.</summary>
    public WorkerSpec As(string nodeId) => this with { NodeId = nodeId };

    public IEnumerable<string> Arguments()
    {
        yield return "--urls=http://127.0.0.1:0";
        if (SqlitePath is not null)
        {
            yield return $"--{WorkerKeys.Store}=sqlite";
            yield return $"--{WorkerKeys.SqlitePath}={SqlitePath}";
        }
        else
        {
            yield return $"--{WorkerKeys.Store}=postgres";
            yield return $"--{WorkerKeys.Postgres}={Postgres ?? throw new InvalidOperationException("Set a store.")}";
        }

        yield return $"--{WorkerKeys.NodeId}={NodeId}";
        yield return Invariant($"--{WorkerKeys.LeaseMilliseconds}={(int)Lease.TotalMilliseconds}");
        yield return Invariant($"--{WorkerKeys.MaxDeliveries}={MaxDeliveries}");
        yield return Invariant($"--{WorkerKeys.StepDelayMilliseconds}={(int)StepDelay.TotalMilliseconds}");
        yield return Invariant($"--{WorkerKeys.JobConcurrency}={JobConcurrency}");
        yield return $"--{WorkerKeys.Journal}={Journal.FileOf(NodeId)}";

        // Quiet per-request logging; keep the lifetime's "Now listening on" and everything FlowSdk says.
        yield return "--Logging:LogLevel:Default=Information";
        yield return "--Logging:LogLevel:Microsoft.AspNetCore=Warning";
        yield return "--Logging:Console:FormatterName=simple";
        yield return "--Logging:Console:FormatterOptions:SingleLine=true";
        yield return "--Logging:Console:FormatterOptions:TimestampFormat=HH:mm:ss.fff ";
        foreach (var argument in ExtraArguments)
        {
            yield return argument;
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
