using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using FlowSdk.Instances.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace FlowSdk.Instances.Benchmarks;

/// <summary>Which store a measurement writes to.</summary>
public enum StoreKind
{
    Sqlite,
    Postgres,
}

/// <summary>
/// The instance services as an application registers them (manager, catalog, configuration types with DataAnnotations,
/// AES-GCM secrets, the flows of this assembly and the instance host) on a fresh database: a new SQLite file, or a new PostgreSQL schema that is dropped on dispose.
/// </summary>
public sealed class InstanceFixture : IAsyncDisposable
{
    public const string FlowName = "customer-sync";
    public const string CheckFlowName = "customer-check";
    public const string PostgresVariable = "FLOWSDK_POSTGRES";

    // A fixed key so a cached benchmark database can be reopened by BenchmarkDotNet's child processes; it protects
    // nothing but generated demo values.
    private const string BenchmarkKey = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    private readonly string? _sqlitePath;
    private readonly string? _schema;
    private readonly bool _deleteFile;

    private InstanceFixture(ServiceProvider services, string? sqlitePath, bool deleteFile, string? schema)
    {
        Services = services;
        _sqlitePath = sqlitePath;
        _deleteFile = deleteFile;
        _schema = schema;
    }

    public ServiceProvider Services { get; }

    public FlowInstanceManager Manager => Services.GetRequiredService<FlowInstanceManager>();

    public InstanceCatalog Catalog => Services.GetRequiredService<InstanceCatalog>();

    public IInstanceStore Store => Services.GetRequiredService<IInstanceStore>();

    /// <summary>A fixture on a new temporary SQLite file (or <paramref name="path"/>, kept when given).</summary>
    [RequiresUnreferencedCode("DataAnnotations validation")]
    public static async Task<InstanceFixture> SqliteAsync(string? path = null)
    {
        var deleteFile = path is null;
        path ??= Path.Combine(Path.GetTempPath(), "flowsdk-bench-" + Guid.NewGuid().ToString("N") + ".db");
        var services = Register(b => b.UseSqlite(o => o.Path = path)).BuildServiceProvider();
        var fixture = new InstanceFixture(services, path, deleteFile, null);
        await fixture.Store.InitializeAsync();
        return fixture;
    }

    /// <summary>A fixture in a new schema of the PostgreSQL server named by <c>FLOWSDK_POSTGRES</c>.</summary>
    [RequiresUnreferencedCode("DataAnnotations validation")]
    public static async Task<InstanceFixture> PostgresAsync()
    {
        var server = Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{PostgresVariable} is not set; start a server with `source .ci/postgres.sh`.");
        var schema = "bench_" + Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE SCHEMA {schema}", connection);
            await command.ExecuteNonQueryAsync();
        }

        var connectionString = new NpgsqlConnectionStringBuilder(server) { SearchPath = schema }.ConnectionString;
        var services = Register(b => b.UsePostgres(o => o.ConnectionString = connectionString)).BuildServiceProvider();
        var fixture = new InstanceFixture(services, null, false, schema);
        await fixture.Store.InitializeAsync();
        return fixture;
    }

    [RequiresUnreferencedCode("DataAnnotations validation")]
    public static Task<InstanceFixture> CreateAsync(StoreKind kind) => kind == StoreKind.Sqlite ? SqliteAsync() : PostgresAsync();

    [RequiresUnreferencedCode("DataAnnotations validation")]
    public static ServiceCollection Register(Action<FlowInstancesBuilder> store)
    {
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        store(services.AddFlowInstances(s =>
        {
            s.Keys["bench"] = BenchmarkKey;
            s.ActiveKeyId = "bench";
        }));
        services.AddInstanceConfiguration(FlowName, BenchJson.Default.CrmSettings).ValidateDataAnnotations();
        services.AddInstanceConfiguration(CheckFlowName, BenchJson.Default.CrmSettings).ValidateDataAnnotations();

        // The flows of this assembly and the instance host, as an application runs them.
        services.AddFlows();
        services.AddFlowInstancesHosting(o => o.SignatureTolerance = TimeSpan.FromDays(1));
        return services;
    }

    /// <summary>The <paramref name="index"/>th customer: a configuration of about 300 bytes and two secrets.</summary>
    public static InstanceDeployment Deployment(int index, string prefix = "customer-", string flow = FlowName)
    {
        var id = prefix + index.ToString("D6", CultureInfo.InvariantCulture);
        return new InstanceDeployment
        {
            Id = id,
            FlowName = flow,
            Customer = "Customer " + index.ToString(CultureInfo.InvariantCulture),
            ConfigurationJson = $$$"""
                {"baseUrl":"https://crm.example.com/tenants/{{{id}}}/","contactsPath":"api/v2/contacts","apiKeyHeader":"X-Api-Key",
                 "timeoutSeconds":20,"fieldMappings":{"email":"EmailAddress","name":"FullName","active":"IsActive"}}
                """,
            Secrets = new Dictionary<string, string>
            {
                ["crm-api-key"] = "key-" + Guid.NewGuid().ToString("N"),
                ["webhook-secret"] = "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), // Standard Webhooks
            },

            // Spread over the hour, as customers pick their own times; only schedule flows use it.
            Schedule = flow == CheckFlowName ? $"{index % 60} {index / 60 % 60} * * * *" : null,
        };
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        if (_schema is not null && Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } server)
        {
            await using var connection = new NpgsqlConnection(server);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {_schema} CASCADE", connection);
            await command.ExecuteNonQueryAsync();
        }

        if (_deleteFile && _sqlitePath is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var file in new[] { _sqlitePath, _sqlitePath + "-wal", _sqlitePath + "-shm" })
            {
                File.Delete(file);
            }
        }
    }
}
