using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace FlowSdk.Instances;

/// <summary>Registers instances, their stores and configuration types.</summary>
public static class InstanceServiceCollectionExtensions
{
    /// <summary>
    /// Adds the instance services: <see cref="FlowInstanceManager"/>, <see cref="InstanceCatalog"/>, history pruning and
    /// AES-GCM secret protection configured by <paramref name="configureSecrets"/>. Choose a store on the returned builder
    /// (<see cref="FlowInstancesBuilder.UseSqlite"/> or <see cref="FlowInstancesBuilder.UsePostgres"/>).
    /// </summary>
    public static FlowInstancesBuilder AddFlowInstances(this IServiceCollection services, Action<SecretProtectionOptions> configureSecrets)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configureSecrets);
        services.AddOptions();
        services.Configure(configureSecrets);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ISecretProtector, AesGcmSecretProtector>();
        services.TryAddSingleton<InstanceConfigurationRegistry>();
        services.TryAddSingleton<FlowInstanceManager>();
        services.TryAddSingleton<InstanceCatalog>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, InstanceCatalog>(sp => sp.GetRequiredService<InstanceCatalog>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ExecutionHistoryPruningService>());
        return new FlowInstancesBuilder(services);
    }

    /// <summary>
    /// Declares <typeparamref name="TConfig"/> as the configuration type of <paramref name="flowName"/>'s instances, read
    /// with <paramref name="typeInfo"/> (from a <c>JsonSerializerContext</c>) and validated at deploy by every
    /// <see cref="IInstanceConfigurationValidator{TConfig}"/> and <see cref="IValidateOptions{TOptions}"/> registered for it.
    /// </summary>
    public static InstanceConfigurationBuilder<TConfig> AddInstanceConfiguration<TConfig>(this IServiceCollection services, string flowName, JsonTypeInfo<TConfig> typeInfo)
        where TConfig : class
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(flowName);
        ArgumentNullException.ThrowIfNull(typeInfo);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IInstanceConfigurationValidator<TConfig>, ValidateOptionsConfigurationValidator<TConfig>>());
        services.AddSingleton<InstanceConfigurationType>(sp =>
            new InstanceConfigurationType<TConfig>(flowName, typeInfo, sp.GetServices<IInstanceConfigurationValidator<TConfig>>()));
        return new InstanceConfigurationBuilder<TConfig>(services);
    }
}

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

/// <summary>Adds validation to an instance configuration type.</summary>
/// <typeparam name="TConfig">The configuration type.</typeparam>
/// <param name="services">The service collection.</param>
public sealed class InstanceConfigurationBuilder<TConfig>(IServiceCollection services)
    where TConfig : class
{
    /// <summary>The service collection.</summary>
    public IServiceCollection Services { get; } = services;

    /// <summary>Validates the configuration's DataAnnotations attributes, nested objects and collection items included.</summary>
    [RequiresUnreferencedCode("DataAnnotations validation reads the properties of nested types through reflection.")]
    public InstanceConfigurationBuilder<TConfig> ValidateDataAnnotations()
    {
        Services.TryAddEnumerable(ServiceDescriptor.Singleton<IInstanceConfigurationValidator<TConfig>, DataAnnotationsConfigurationValidator<TConfig>>());
        return this;
    }

    /// <summary>Adds a validator.</summary>
    public InstanceConfigurationBuilder<TConfig> AddValidator<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TValidator>()
        where TValidator : class, IInstanceConfigurationValidator<TConfig>
    {
        Services.TryAddEnumerable(ServiceDescriptor.Singleton<IInstanceConfigurationValidator<TConfig>, TValidator>());
        return this;
    }
}
