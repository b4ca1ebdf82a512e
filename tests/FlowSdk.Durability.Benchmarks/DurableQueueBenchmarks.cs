using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using FlowSdk.Benchmarks;

namespace FlowSdk.Durability.Benchmarks;

/// <summary>
/// Durable acceptance beside in-memory and beside Wolverine. One operation is one batch: <see cref="Messages"/>
/// messages published by <see cref="Publishers"/> concurrent publishers (each awaits every publish, as a caller that
/// needs the acknowledgement does) into a flow whose one synchronous step counts the message. Two categories:
/// <list type="bullet">
/// <item><c>Completed</c>: until every message of the batch ran (completed/s).</item>
/// <item><c>Accepted</c>: until every publish returned, that is every message acknowledged (accepted/s); the
/// iteration's cleanup then waits, unmeasured, until the batch ran, so batches never pile up.</item>
/// </list>
/// Each case runs in its own host (and its own process, outside the dry run); the flow runs with
/// <see cref="BenchHost.Consumers"/> consumers, and so does Wolverine's queue. Mean reads as time per message.
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[Config(typeof(ThroughputConfig))]
public class DurableQueueBenchmarks
{
    public const int Messages = 1_000;
    public const int Publishers = 4;
    public const string Completed = "Completed";
    public const string Accepted = "Accepted";

    private static readonly TimeSpan BatchTimeout = TimeSpan.FromMinutes(2);
    private static readonly long ExpectedSum = (long)Messages * (Messages + 1) / 2;

    private BenchHost _host = null!;
    private Task _ran = Task.CompletedTask;

    [GlobalSetup(Targets = [nameof(Completed_InMemory_Baseline), nameof(Accepted_InMemory_Baseline)])]
    public Task SetupMemory() => SetupAsync(QueueCase.Memory);

    [GlobalSetup(Targets = [nameof(Completed_Sqlite), nameof(Accepted_Sqlite)])]
    public Task SetupSqlite() => SetupAsync(QueueCase.Sqlite);

    [GlobalSetup(Targets = [nameof(Completed_SqliteFull), nameof(Accepted_SqliteFull)])]
    public Task SetupSqliteFull() => SetupAsync(QueueCase.SqliteFull);

    [GlobalSetup(Targets = [nameof(Completed_Postgres), nameof(Accepted_Postgres)])]
    public Task SetupPostgres() => SetupAsync(QueueCase.Postgres);

    [GlobalSetup(Targets = [nameof(Completed_Postgres_AsyncCommit), nameof(Accepted_Postgres_AsyncCommit)])]
    public Task SetupPostgresAsyncCommit() => SetupAsync(QueueCase.PostgresAsyncCommit);

    [GlobalSetup(Targets = [nameof(Completed_Wolverine_Postgres), nameof(Accepted_Wolverine_Postgres)])]
    public Task SetupWolverine() => SetupAsync(QueueCase.WolverinePostgres);

    [GlobalCleanup]
    public async Task Cleanup()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync().ConfigureAwait(false);
        }
    }

    [IterationSetup]
    public void ExpectBatch() => _ran = _host.Tally.Expect(Messages);

    /// <summary>Unmeasured: the batch ran to the end before the next one starts.</summary>
    [IterationCleanup]
    public void WaitForBatch()
    {
        if (!_ran.Wait(BatchTimeout))
        {
            throw new TimeoutException($"{_host.Description}: the batch did not run within {BatchTimeout}.");
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Messages)]
    [BenchmarkCategory(Completed)]
    public Task<long> Completed_InMemory_Baseline() => PublishAndRunAsync();

    [Benchmark(OperationsPerInvoke = Messages)]
    [BenchmarkCategory(Completed)]
    public Task<long> Completed_Sqlite() => PublishAndRunAsync();

    [Benchmark(OperationsPerInvoke = Messages)]
    [BenchmarkCategory(Completed)]
    public Task<long> Completed_SqliteFull() => PublishAndRunAsync();

    [Benchmark(OperationsPerInvoke = Messages)]
    [BenchmarkCategory(Completed)]
    public Task<long> Completed_Postgres() => PublishAndRunAsync();

    [Benchmark(OperationsPerInvoke = Messages)]
    [BenchmarkCategory(Completed)]
    public Task<long> Completed_Postgres_AsyncCommit() => PublishAndRunAsync();

    [Benchmark(OperationsPerInvoke = Messages)]
    [BenchmarkCategory(Completed)]
    public Task<long> Completed_Wolverine_Postgres() => PublishAndRunAsync();

    [Benchmark(Baseline = true, OperationsPerInvoke = Messages)]
    [BenchmarkCategory(Accepted)]
    public Task Accepted_InMemory_Baseline() => PublishAsync();

    [Benchmark(OperationsPerInvoke = Messages)]
    [BenchmarkCategory(Accepted)]
    public Task Accepted_Sqlite() => PublishAsync();

    [Benchmark(OperationsPerInvoke = Messages)]
    [BenchmarkCategory(Accepted)]
    public Task Accepted_SqliteFull() => PublishAsync();

    [Benchmark(OperationsPerInvoke = Messages)]
    [BenchmarkCategory(Accepted)]
    public Task Accepted_Postgres() => PublishAsync();

    [Benchmark(OperationsPerInvoke = Messages)]
    [BenchmarkCategory(Accepted)]
    public Task Accepted_Postgres_AsyncCommit() => PublishAsync();

    [Benchmark(OperationsPerInvoke = Messages)]
    [BenchmarkCategory(Accepted)]
    public Task Accepted_Wolverine_Postgres() => PublishAsync();

    private Task PublishAsync() => _host.PublishBatchAsync(Messages, Publishers);

    private async Task<long> PublishAndRunAsync()
    {
        await _host.PublishBatchAsync(Messages, Publishers).ConfigureAwait(false);
        await _ran.ConfigureAwait(false);
        return _host.Tally.Sum;
    }

    /// <summary>Starts the case's host and runs one batch through it: every message ran exactly once, or the case fails.</summary>
    private async Task SetupAsync(QueueCase kind)
    {
        _host = await BenchHost.StartCaseAsync(kind).ConfigureAwait(false);
        Console.WriteLine($"// {kind}: {_host.Description}");
        var ran = _host.Tally.Expect(Messages);
        await _host.PublishBatchAsync(Messages, Publishers).ConfigureAwait(false);
        await ran.WaitAsync(BatchTimeout).ConfigureAwait(false);
        if (_host.Tally.Sum != ExpectedSum)
        {
            throw new InvalidOperationException($"{_host.Description}: the batch summed to {_host.Tally.Sum}, not {ExpectedSum}.");
        }
    }
}
