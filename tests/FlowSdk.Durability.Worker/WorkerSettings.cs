using System.Globalization;

namespace FlowSdk.Durability.Worker;

/// <summary>The worker's command line (<see cref="WorkerKeys"/>), read once at start; a missing value stops it at once.</summary>
public sealed class WorkerSettings
{
    public required string Store { get; init; }

    public string? SqlitePath { get; init; }

    public string? Postgres { get; init; }

    public required string NodeId { get; init; }

    public required TimeSpan Lease { get; init; }

    public required int MaxDeliveries { get; init; }

    public required string JournalPath { get; init; }

    public required TimeSpan StepDelay { get; init; }

    public required int JobConcurrency { get; init; }

    public static WorkerSettings Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var store = Required(configuration, WorkerKeys.Store);
        var settings = new WorkerSettings
        {
            Store = store,
            SqlitePath = configuration[WorkerKeys.SqlitePath],
            Postgres = configuration[WorkerKeys.Postgres],
            NodeId = Required(configuration, WorkerKeys.NodeId),
            Lease = TimeSpan.FromMilliseconds(Number(configuration, WorkerKeys.LeaseMilliseconds, 10_000)),
            MaxDeliveries = Number(configuration, WorkerKeys.MaxDeliveries, 5),
            JournalPath = Required(configuration, WorkerKeys.Journal),
            StepDelay = TimeSpan.FromMilliseconds(Number(configuration, WorkerKeys.StepDelayMilliseconds, 100)),
            JobConcurrency = Number(configuration, WorkerKeys.JobConcurrency, 4),
        };

        return store switch
        {
            "sqlite" when settings.SqlitePath is { Length: > 0 } => settings,
            "postgres" when settings.Postgres is { Length: > 0 } => settings,
            _ => throw new InvalidOperationException(
                $"Set {WorkerKeys.Store} to 'sqlite' with {WorkerKeys.SqlitePath}, or to 'postgres' with {WorkerKeys.Postgres}."),
        };
    }

    private static string Required(IConfiguration configuration, string key) =>
        configuration[key] is { Length: > 0 } value ? value : throw new InvalidOperationException($"Set {key}.");

    private static int Number(IConfiguration configuration, string key, int fallback) =>
        configuration[key] is { Length: > 0 } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;
}
