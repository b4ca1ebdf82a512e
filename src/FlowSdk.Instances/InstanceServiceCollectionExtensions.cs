using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization.Metadata;
using FlowSdk;
using FlowSdk.Instances;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers instances, their stores and configuration types.</summary>
public static class InstanceServiceCollectionExtensions
{
    /// <summary>
    /// Adds the instance services: <see cref="FlowInstanceManager"/>, <see cref="InstanceCatalog"/>, history pruning and
    /// AES-GCM secret protection configured by <paramref name="configureSecrets"/>. Choose a store on the returned builder:
    /// <c>UseSqlite()</c> from the <c>FlowSdk.Storage.Sqlite</c> package, <c>UsePostgres(...)</c> from
    /// <c>FlowSdk.Storage.PostgreSql</c>, or <see cref="FlowInstancesBuilder.UseStore{TStore}"/>.
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
    /// The generated <c>AddFlows()</c> already calls it for the flows of its assembly; call it for a flow of another
    /// assembly, or to read a flow's configuration differently: the last call for a flow wins.
    /// </summary>
    public static InstanceConfigurationBuilder<TConfig> AddInstanceConfiguration<TConfig>(this IServiceCollection services, string flowName, JsonTypeInfo<TConfig> typeInfo)
        where TConfig : class
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(flowName);
        ArgumentNullException.ThrowIfNull(typeInfo);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IInstanceConfigurationValidator<TConfig>, ValidateOptionsConfigurationValidator<TConfig>>());
        for (var i = services.Count - 1; i >= 0; i--)
        {
            if (services[i].ServiceType == typeof(InstanceConfigurationType) && services[i].ImplementationFactory?.Target is IConfigurationFactory earlier && earlier.FlowName == flowName)
            {
                services.RemoveAt(i);
            }
        }

        services.AddSingleton<InstanceConfigurationType>(new ConfigurationFactory<TConfig>(flowName, typeInfo).Create);
        return new InstanceConfigurationBuilder<TConfig>(services);
    }

    /// <summary>Lets a later declaration for the same flow find and replace an earlier one.</summary>
    private interface IConfigurationFactory
    {
        string FlowName { get; }
    }

    private sealed class ConfigurationFactory<TConfig>(string flowName, JsonTypeInfo<TConfig> typeInfo) : IConfigurationFactory
        where TConfig : class
    {
        public string FlowName => flowName;

        public InstanceConfigurationType Create(IServiceProvider services) =>
            new InstanceConfigurationType<TConfig>(flowName, typeInfo, services.GetServices<IInstanceConfigurationValidator<TConfig>>());
    }
}
