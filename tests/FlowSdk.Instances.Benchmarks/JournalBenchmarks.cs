using System.Diagnostics.CodeAnalysis;
using BenchmarkDotNet.Attributes;
using FlowSdk.Hosting;
using FlowSdk.Instances.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FlowSdk.Instances.Benchmarks;

/// <summary>
/// What the step journal costs per instance message, end to end: the message runs the four steps of
/// <see cref="JournaledSyncFlow"/> for an instance (in-memory queue, so only the history is written) and is recorded in
/// the SQLite history, one statement per execution with its journal in the same row. The baseline keeps no journal; the
/// other cases journal the steps, and the steps with their payloads. Each invocation publishes <see cref="Batch"/>
/// messages and waits until the history has all of them.
/// </summary>
[MemoryDiagnoser]
public class JournalBenchmarks
{
    public const int Batch = 200;

    private readonly Dictionary<FlowJournalMode, Host> _hosts = [];

    [GlobalSetup]
    [RequiresUnreferencedCode("DataAnnotations validation")]
    public void Setup()
    {
        foreach (var mode in Enum.GetValues<FlowJournalMode>())
        {
            _hosts[mode] = Host.StartAsync(mode).GetAwaiter().GetResult();
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var host in _hosts.Values)
        {
            host.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Batch)]
    public Task NoJournal_Baseline() => _hosts[FlowJournalMode.Off].RunBatchAsync();

    [Benchmark(OperationsPerInvoke = Batch)]
    public Task Steps() => _hosts[FlowJournalMode.Steps].RunBatchAsync();

    [Benchmark(OperationsPerInvoke = Batch)]
    public Task StepsAndPayloads() => _hosts[FlowJournalMode.StepsAndPayloads].RunBatchAsync();

    /// <summary>The instance services on a new SQLite file, started, with one instance of the journaled flow deployed.</summary>
    private sealed class Host : IAsyncDisposable
    {
        private readonly ServiceProvider _services;
        private readonly string _path;
        private readonly CountingHistory _history;
        private readonly IFlowInstancePublisher<JournaledSyncFlow, CustomerCreated> _publisher;
        private readonly CustomerCreated _customer = new("ada.lovelace@example.com", "Ada Lovelace", true);
        private long _target;

        private Host(ServiceProvider services, string path)
        {
            _services = services;
            _path = path;
            _history = services.GetRequiredService<CountingHistory>();
            _publisher = services.GetRequiredService<IFlowInstancePublisher<JournaledSyncFlow, CustomerCreated>>();
        }

        [RequiresUnreferencedCode("DataAnnotations validation")]
        public static async Task<Host> StartAsync(FlowJournalMode mode)
        {
            var path = Path.Combine(Path.GetTempPath(), "flowsdk-journal-bench-" + Guid.NewGuid().ToString("N") + ".db");
            var services = InstanceFixture.Register(b => b.UseSqlite(o => o.Path = path));
            services.AddInstanceConfiguration(JournaledSyncFlow.Name, BenchJson.Default.CrmSettings);
            services.Configure<FlowOptions>(JournaledSyncFlow.Name, o =>
            {
                o.Durable = false;
                o.Journal = mode;
                o.JournalSerializerOptions = BenchJson.Default.Options;
            });
            services.AddSingleton(sp => new CountingHistory((IExecutionHistory)sp.GetRequiredService<IInstanceStore>()));
            services.AddSingleton<IExecutionHistory>(sp => sp.GetRequiredService<CountingHistory>());
            var provider = services.BuildServiceProvider();
            await provider.GetRequiredService<IInstanceStore>().InitializeAsync();
            await provider.GetRequiredService<FlowInstanceManager>().DeployAsync(InstanceFixture.Deployment(0, flow: JournaledSyncFlow.Name));
            foreach (var hosted in provider.GetServices<IHostedService>())
            {
                await hosted.StartAsync(CancellationToken.None);
            }

            var host = new Host(provider, path);
            await provider.GetRequiredService<InstanceCatalog>().RefreshAsync();
            await host.RunBatchAsync(); // warm: the binding read its configuration and secrets once
            return host;
        }

        public async Task RunBatchAsync()
        {
            _target += Batch;
            var done = _history.WhenCount(_target);
            for (var i = 0; i < Batch; i++)
            {
                await _publisher.PublishAsync("customer-000000", _customer);
            }

            await done;
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var hosted in _services.GetServices<IHostedService>().Reverse())
            {
                await hosted.StopAsync(CancellationToken.None);
            }

            await _services.DisposeAsync();
            SqliteConnection.ClearAllPools();
            foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" })
            {
                File.Delete(file);
            }
        }
    }

    /// <summary>The store's history, counting the executions written, so a batch can wait for its last one.</summary>
    private sealed class CountingHistory(IExecutionHistory inner) : IExecutionHistory
    {
        private readonly Lock _gate = new();
        private long _count;
        private (long Target, TaskCompletionSource Source)? _waiter;

        public Task WhenCount(long target)
        {
            lock (_gate)
            {
                if (_count >= target)
                {
                    return Task.CompletedTask;
                }

                var source = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiter = (target, source);
                return source.Task;
            }
        }

        public async Task RecordAsync(ExecutionRecord record, CancellationToken cancellationToken = default)
        {
            await inner.RecordAsync(record, cancellationToken);
            lock (_gate)
            {
                if (++_count >= _waiter?.Target)
                {
                    _waiter.Value.Source.TrySetResult();
                    _waiter = null;
                }
            }
        }

        public Task<ExecutionRecord?> GetExecutionAsync(Guid executionId, CancellationToken cancellationToken = default) => inner.GetExecutionAsync(executionId, cancellationToken);

        public Task<IReadOnlyList<ExecutionRecord>> QueryAsync(ExecutionQuery query, CancellationToken cancellationToken = default) => inner.QueryAsync(query, cancellationToken);

        public Task<int> PruneAsync(CancellationToken cancellationToken = default) => inner.PruneAsync(cancellationToken);
    }
}
