using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization.Metadata;
using FlowSdk;
using FlowSdk.Hosting;
using FlowSdk.Instances;
using FlowSdk.Instances.Webhooks;
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
        services.TryAddSingleton(sp => new WebhookSchemeCatalog(
            sp.GetServices<FlowRegistration>(),
            sp.GetServices<WebhookSchemeRegistration>(),
            sp.GetRequiredService<IOptionsMonitor<FlowOptions>>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FlowOptions>, CustomWebhookSchemeValidator>());
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

    /// <summary>
    /// Verifies the per-instance webhooks of <paramref name="flowName"/> with <paramref name="scheme"/>, for a flow whose
    /// signature is <see cref="WebhookSignature.Custom"/> (on the attribute or in <c>Flows:{name}:Webhook:Signature</c>).
    /// The scheme is a stateless singleton; the last call for a flow wins.
    /// </summary>
    public static IServiceCollection AddFlowWebhookSignatureScheme(this IServiceCollection services, string flowName, IWebhookSignatureScheme scheme)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(flowName);
        ArgumentNullException.ThrowIfNull(scheme);
        services.AddSingleton(new WebhookSchemeRegistration(flowName, scheme));
        return services;
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
