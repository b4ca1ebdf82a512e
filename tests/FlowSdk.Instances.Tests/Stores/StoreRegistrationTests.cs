using FlowSdk.Hosting;
using FlowSdk.Instances;
using FlowSdk.Storage.PostgreSql;
using FlowSdk.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace FlowSdk.Instances.Tests;

/// <summary>The engine extensions register one store object for every store interface, the message store included.</summary>
public sealed class StoreRegistrationTests
{
    [Fact]
    public async Task UseSqlite_serves_every_store_interface_from_one_singleton()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddFlowInstances(TestSecrets.Configure).UseSqlite(o => o.Path = Path.Combine(Path.GetTempPath(), "flowsdk-tests", "unused.db"));
        await using var provider = services.BuildServiceProvider();

        var store = provider.GetRequiredService<SqliteFlowStore>();
        Assert.Same(store, provider.GetRequiredService<IFlowMessageStore>());
        Assert.Same(store, provider.GetRequiredService<IInstanceStore>());
        Assert.Same(store, provider.GetRequiredService<IExecutionHistory>());
        Assert.Same(store, provider.GetRequiredService<IDeadLetterStore>());
    }

    [Fact]
    public async Task UsePostgres_replaces_the_store_chosen_before()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddFlowInstances(TestSecrets.Configure)
            .UseSqlite()
            .UsePostgres(o => o.ConnectionString = "Host=127.0.0.1;Port=1;Database=unused;Username=unused;Password=unused");
        await using var provider = services.BuildServiceProvider();

        var store = provider.GetRequiredService<PostgresFlowStore>();
        Assert.Same(store, Assert.Single(provider.GetServices<IFlowMessageStore>()));
        Assert.Same(store, provider.GetRequiredService<IInstanceStore>());
    }
}
