using System.Diagnostics.CodeAnalysis;
using FlowSdk.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FlowSdk.Instances;

/// <summary>Chooses and configures the instance store.</summary>
/// <param name="services">The service collection.</param>
public sealed class FlowInstancesBuilder(IServiceCollection services)
{
    /// <summary>The service collection.</summary>
    public IServiceCollection Services { get; } = services;

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

    /// <summary>
    /// Stores instances, history, dead letters and accepted messages in <typeparamref name="TStore"/>, registered as one
    /// singleton that serves <see cref="IInstanceStore"/>, <see cref="IExecutionHistory"/>, <see cref="IDeadLetterStore"/>,
    /// <see cref="IAuditLog"/>, <see cref="ISecretReEncryptor"/> and <see cref="IFlowMessageStore"/>, replacing any store chosen before. The engine packages call it from their <c>UseSqlite</c> and <c>UsePostgres</c>
    /// extensions; call it to plug in a store for another engine.
    /// </summary>
    /// <typeparam name="TStore">The store; the container creates it with its public constructor.</typeparam>
    /// <returns>This builder.</returns>
    public FlowInstancesBuilder UseStore<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TStore>()
        where TStore : SqlFlowStore
    {
        Services.RemoveAll<IInstanceStore>();
        Services.RemoveAll<IExecutionHistory>();
        Services.RemoveAll<IDeadLetterStore>();
        Services.RemoveAll<IFlowMessageStore>();
        Services.RemoveAll<IAuditLog>();
        Services.RemoveAll<ISecretReEncryptor>();
        Services.TryAddSingleton<TStore>();
        Services.AddSingleton<IInstanceStore>(sp => sp.GetRequiredService<TStore>());
        Services.AddSingleton<IExecutionHistory>(sp => sp.GetRequiredService<TStore>());
        Services.AddSingleton<IDeadLetterStore>(sp => sp.GetRequiredService<TStore>());
        Services.AddSingleton<IFlowMessageStore>(sp => sp.GetRequiredService<TStore>());
        Services.AddSingleton<IAuditLog>(sp => sp.GetRequiredService<TStore>());
        Services.AddSingleton<ISecretReEncryptor>(sp => sp.GetRequiredService<TStore>());
        return this;
    }
}
