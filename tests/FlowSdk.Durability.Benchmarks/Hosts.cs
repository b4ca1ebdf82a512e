using FlowSdk.Hosting;
using FlowSdk.Instances;
using FlowSdk.Storage.Sqlite;
using JasperFx.Resources;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Wolverine;
using Wolverine.Postgresql;

namespace FlowSdk.Durability.Benchmarks;

/// <summary>Where a case keeps accepted messages.</summary>
public enum QueueCase
{
    /// <summary>FlowSdk without a store: the bounded in-memory queue.</summary>
    Memory,

    /// <summary>FlowSdk on SQLite (a temp file), <c>synchronous=NORMAL</c> (the default): commits survive a process crash.</summary>
    Sqlite,

    /// <summary>FlowSdk on SQLite (a temp file), <c>synchronous=FULL</c>: commits survive a power loss too.</summary>
    SqliteFull,

    /// <summary>FlowSdk on PostgreSQL (a new schema on the server named by <c>FLOWSDK_POSTGRES</c>).</summary>
    Postgres,

    /// <summary>
    /// FlowSdk on PostgreSQL with <c>synchronous_commit=off</c> on the store's connections (set in its connection string):
    /// a commit no longer waits for the WAL flush, so it survives the application's crash but not the server's or a
    /// power loss, as SQLite's <c>NORMAL</c>.
    /// </summary>
    PostgresAsyncCommit,

    /// <summary>Wolverine's durable local queue on the same PostgreSQL (a new schema).</summary>
    WolverinePostgres,
}

/// <summary>
/// One started host of one case: publishes a batch from a few concurrent publishers, each awaiting every publish as a
/// caller that needs the acknowledgement does, and counts the messages the flow (or handler) ran in <see cref="Tally"/>.
/// </summary>
public abstract class BenchHost : IAsyncDisposable
{
    public const string PostgresVariable = "FLOWSDK_POSTGRES";

    /// <summary>Consumers per queue, in both products: the machine's two cores.</summary>
    public const int Consumers = 2;

    private readonly List<Func<Task>> _cleanups = [];

    protected BenchHost(IHost host, Tally tally)
    {
        Host = host;
        Tally = tally;
    }

    public IHost Host { get; }

    public Tally Tally { get; }

    /// <summary>What the case runs on, for the log.</summary>
    public abstract string Description { get; }

    /// <param name="kind">The case.</param>
    /// <param name="consumers">Consumers of the queue (FlowSdk's MaxConcurrency, Wolverine's parallel messages).</param>
    /// <param name="configure">For FlowSdk cases, changes to the services after the store is chosen.</param>
    public static async Task<BenchHost> StartCaseAsync(QueueCase kind, int consumers = Consumers, Action<IServiceCollection>? configure = null)
    {
        return kind == QueueCase.WolverinePostgres
            ? await WolverineHost.StartAsync(consumers).ConfigureAwait(false)
            : await FlowSdkHost.StartAsync(kind, consumers, configure).ConfigureAwait(false);
    }

    /// <summary>Publishes values 1..<paramref name="messages"/>, split over <paramref name="publishers"/> concurrent publishers.</summary>
    public Task PublishBatchAsync(int messages, int publishers)
    {
        var tasks = new Task[publishers];
        var each = messages / publishers;
        for (var p = 0; p < publishers; p++)
        {
            var first = (p * each) + 1;
            var count = p == publishers - 1 ? messages - (p * each) : each;
            tasks[p] = Task.Run(() => PublishRangeAsync(first, count));
        }

        return Task.WhenAll(tasks);
    }

    /// <summary>One publisher: values <paramref name="first"/> to <paramref name="first"/> + <paramref name="count"/> - 1, in order.</summary>
    protected abstract Task PublishRangeAsync(long first, int count);

    protected void OnDispose(Func<Task> cleanup) => _cleanups.Add(cleanup);

    public async ValueTask DisposeAsync()
    {
        await Host.StopAsync().ConfigureAwait(false);
        Host.Dispose();
        foreach (var cleanup in Enumerable.Reverse(_cleanups))
        {
            await cleanup().ConfigureAwait(false);
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>The PostgreSQL server of <c>FLOWSDK_POSTGRES</c> with a new, empty schema; dropped when the host is disposed.</summary>
    protected static async Task<(string Server, string Schema)> NewSchemaAsync(string prefix)
    {
        var server = Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{PostgresVariable} is not set; start a server with `source .ci/postgres.sh`.");
        var schema = prefix + "_" + Guid.NewGuid().ToString("N")[..12];
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand($"CREATE SCHEMA {schema}", connection);
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        return (server, schema);
    }

    /// <summary>Drops the schema, and again if something still running behind the stopped host created it anew.</summary>
    protected static async Task DropSchemaAsync(string server, string schema)
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync().ConfigureAwait(false);
        for (var attempt = 1; ; attempt++)
        {
            await using (var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {schema} CASCADE", connection))
            {
                await drop.ExecuteNonQueryAsync().ConfigureAwait(false);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500)).ConfigureAwait(false);
            await using var exists = new NpgsqlCommand($"SELECT count(*) FROM pg_namespace WHERE nspname = '{schema}'", connection);
            if (Convert.ToInt64(await exists.ExecuteScalarAsync().ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture) == 0)
            {
                return;
            }

            if (attempt == 5)
            {
                Console.WriteLine($"// schema {schema} came back after {attempt} drops; drop it by hand");
                return;
            }
        }
    }

    protected static HostApplicationBuilder NewBuilder()
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            EnvironmentName = Environments.Production,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        return builder;
    }
}

/// <summary>A FlowSdk worker running <see cref="CountFlow"/>, in memory or on a store.</summary>
public sealed class FlowSdkHost : BenchHost
{
    // A fixed key: the instance services want one, and these hosts keep no secrets.
    private const string BenchmarkKey = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    private readonly IFlowPublisher<CountFlow, Ping> _publisher;

    private FlowSdkHost(IHost host, Tally tally, string description)
        : base(host, tally)
    {
        Description = description;
        _publisher = host.Services.GetRequiredService<IFlowPublisher<CountFlow, Ping>>();
    }

    public override string Description { get; }

    public static async Task<FlowSdkHost> StartAsync(QueueCase kind, int consumers = Consumers, Action<IServiceCollection>? configure = null)
    {
        var tally = new Tally();
        var builder = NewBuilder();
        builder.Services.AddSingleton(tally);
        builder.Services.AddFlows();
        builder.Services.Configure<FlowOptions>(CountFlow.Name, o => o.MaxConcurrency = consumers);

        Func<Task>? cleanup = null;
        string description;
        switch (kind)
        {
            case QueueCase.Memory:
                description = "FlowSdk, in memory";
                break;
            case QueueCase.Sqlite or QueueCase.SqliteFull:
                var folder = Path.Combine(Path.GetTempPath(), "flowsdk-durability-bench", Guid.NewGuid().ToString("N"));
                var path = Path.Combine(folder, "flows.db");
                var synchronous = kind == QueueCase.SqliteFull ? SqliteSynchronous.Full : SqliteSynchronous.Normal;
                AddInstances(builder).UseSqlite(o =>
                {
                    o.Path = path;
                    o.Synchronous = synchronous;
                });
                description = $"FlowSdk on SQLite {path}, synchronous={synchronous}";
                cleanup = () =>
                {
                    SqliteConnection.ClearAllPools();
                    Directory.Delete(folder, recursive: true);
                    return Task.CompletedTask;
                };
                break;
            case QueueCase.Postgres or QueueCase.PostgresAsyncCommit:
                var (server, schema) = await NewSchemaAsync("flowsdk_bench").ConfigureAwait(false);
                var connection = new NpgsqlConnectionStringBuilder(server) { SearchPath = schema };
                if (kind == QueueCase.PostgresAsyncCommit)
                {
                    connection.Options = "-c synchronous_commit=off";
                }

                AddInstances(builder).UsePostgres(o => o.ConnectionString = connection.ConnectionString);
                description = $"FlowSdk on PostgreSQL, schema {schema}{(kind == QueueCase.PostgresAsyncCommit ? ", synchronous_commit=off" : "")}";
                cleanup = () => DropSchemaAsync(server, schema);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
        }

        configure?.Invoke(builder.Services);
        var host = builder.Build();
        var result = new FlowSdkHost(host, tally, description);
        if (cleanup is not null)
        {
            result.OnDispose(cleanup);
        }

        await host.StartAsync().ConfigureAwait(false);

        // A durable case that would quietly run in memory measures nothing: the store must take the messages.
        var durable = host.Services.GetRequiredService<FlowRuntime>().GetRunner<CountFlow, Ping, Ping>().IsDurable;
        if (durable != (kind != QueueCase.Memory))
        {
            await result.DisposeAsync().ConfigureAwait(false);
            throw new InvalidOperationException($"{description}: the flow's queue is {(durable ? "durable" : "in memory")}; the store registered no IFlowMessageStore.");
        }

        return result;
    }

    private static FlowInstancesBuilder AddInstances(HostApplicationBuilder builder) =>
        builder.Services.AddFlowInstances(s =>
        {
            s.Keys["bench"] = BenchmarkKey;
            s.ActiveKeyId = "bench";
        });

    protected override async Task PublishRangeAsync(long first, int count)
    {
        var publisher = _publisher;
        for (var i = 0; i < count; i++)
        {
            await publisher.PublishAsync(new Ping(first + i)).ConfigureAwait(false);
        }
    }
}

/// <summary>
/// The peer: a Wolverine worker whose <see cref="PingHandler"/> listens on a durable local queue (inbox in PostgreSQL,
/// <c>PersistMessagesWithPostgresql</c>) with as many parallel messages as FlowSdk has consumers, in solo mode (one
/// node, as here). A publisher is an <see cref="IMessageBus"/> from a scope, as a request handler gets one.
/// </summary>
public sealed class WolverineHost : BenchHost
{
    public const string QueueName = "pings";

    private WolverineHost(IHost host, Tally tally, string description)
        : base(host, tally) => Description = description;

    public override string Description { get; }

    public static async Task<WolverineHost> StartAsync(int consumers = Consumers)
    {
        var tally = new Tally();
        var (server, schema) = await NewSchemaAsync("wolverine_bench").ConfigureAwait(false);
        var builder = NewBuilder();
        builder.Services.AddSingleton(tally);

        // A data source of our own, closed before the schema is dropped, so nothing of Wolverine's can create it again.
        // With the automatic statement preparation FlowSdk's store turns on, so neither side re-plans its statements.
        var dataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(server) { MaxAutoPrepare = 64 }.ConnectionString);
        builder.UseWolverine(opts =>
        {
            opts.Durability.Mode = DurabilityMode.Solo;
            opts.PersistMessagesWithPostgresql(dataSource, schema);
            opts.Discovery.DisableConventionalDiscovery().IncludeType(typeof(PingHandler));
            opts.PublishMessage<Ping>().ToLocalQueue(QueueName);
            opts.LocalQueue(QueueName).UseDurableInbox().MaximumParallelMessages(consumers);
        });
        builder.Services.AddResourceSetupOnStartup();

        var host = builder.Build();
        var result = new WolverineHost(host, tally, $"Wolverine durable local queue on PostgreSQL, schema {schema}");
        result.OnDispose(async () =>
        {
            await dataSource.DisposeAsync().ConfigureAwait(false);
            await DropSchemaAsync(server, schema).ConfigureAwait(false);
        });
        await host.StartAsync().ConfigureAwait(false);
        return result;
    }

    protected override async Task PublishRangeAsync(long first, int count)
    {
        using var scope = Host.Services.CreateScope();
        var bus = scope.ServiceProvider.GetRequiredService<IMessageBus>();
        for (var i = 0; i < count; i++)
        {
            await bus.PublishAsync(new Ping(first + i)).ConfigureAwait(false);
        }
    }
}
