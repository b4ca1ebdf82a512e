using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FlowSdk.Instances;

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
