using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FlowSdk.Instances;

/// <summary>Chooses and configures the instance store.</summary>
/// <param name="services">The service collection.</param>
public sealed class FlowInstancesBuilder(IServiceCollection services)
{
    /// <summary>The service collection.</summary>
    public IServiceCollection Services { get; } = services;

    /// <summary>Stores instances, history and dead letters in an embedded SQLite file (one node).</summary>
    public FlowInstancesBuilder UseSqlite(Action<SqliteStoreOptions>? configure = null)
    {
        Services.Configure(configure ?? (_ => { }));
        return UseStore<SqliteFlowStore>();
    }

    /// <summary>Stores instances, history and dead letters in PostgreSQL (several nodes).</summary>
    public FlowInstancesBuilder UsePostgres(Action<PostgresStoreOptions> configure)
    {
        Services.Configure(configure);
        return UseStore<PostgresFlowStore>();
    }

    /// <summary>Configures execution history retention.</summary>
    public FlowInstancesBuilder ConfigureHistory(Action<ExecutionHistoryOptions> configure)
    {
        Services.Configure(configure);
        return this;
    }

    /// <summary>Configures how often this node looks for instance changes.</summary>
    public FlowInstancesBuilder ConfigureCatalog(Action<InstanceCatalogOptions> configure)
    {
        Services.Configure(configure);
        return this;
    }

    /// <summary>Configures deployment rules.</summary>
    public FlowInstancesBuilder Configure(Action<InstanceOptions> configure)
    {
        Services.Configure(configure);
        return this;
    }

    private FlowInstancesBuilder UseStore<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TStore>()
        where TStore : SqlFlowStore
    {
        Services.RemoveAll<IInstanceStore>();
        Services.RemoveAll<IExecutionHistory>();
        Services.RemoveAll<IDeadLetterStore>();
        Services.TryAddSingleton<TStore>();
        Services.AddSingleton<IInstanceStore>(sp => sp.GetRequiredService<TStore>());
        Services.AddSingleton<IExecutionHistory>(sp => sp.GetRequiredService<TStore>());
        Services.AddSingleton<IDeadLetterStore>(sp => sp.GetRequiredService<TStore>());
        return this;
    }
}
