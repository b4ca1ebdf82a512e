using FlowSdk;
using FlowSdk.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers the FlowSdk runtime and trigger hosts. The generated <c>services.AddFlows()</c> calls
/// <see cref="AddFlowHosting(IServiceCollection)"/> when this package is referenced, so users rarely call it themselves.
/// </summary>
public static class FlowHostingServiceCollectionExtensions
{
    /// <summary>
    /// Registers, once, the runtime that hosts every <see cref="FlowRegistration"/> in the container: a bounded queue
    /// and consumer loops per flow (a hosted service that drains on shutdown), the single cron scheduler, the typed
    /// <see cref="IFlowPublisher{TFlow, TPayload}"/>, named <see cref="FlowOptions"/> bound from <c>Flows:{name}</c>,
    /// the default <see cref="IFlowDeadLetterSink"/> and <see cref="TimeProvider.System"/> unless already registered.
    /// Calling it again has no further effect.
    /// </summary>
    public static IServiceCollection AddFlowHosting(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(FlowHostingMarker)))
        {
            return services;
        }

        services.AddSingleton<FlowHostingMarker>();
        services.AddOptions();
        services.AddLogging();

        // Attribute values, then configuration: first in line, so any code-based Configure call overrides them.
        services.Insert(0, ServiceDescriptor.Singleton<IConfigureOptions<FlowOptions>, FlowOptionsSetup>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FlowOptions>, FlowOptionsValidator>());
        services.Insert(0, ServiceDescriptor.Singleton<IConfigureOptions<FlowDurabilityOptions>, FlowDurabilityOptionsSetup>());

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<InMemoryFlowDeadLetterSink>();
        services.TryAddSingleton<IFlowDeadLetterSink>(sp => sp.GetRequiredService<InMemoryFlowDeadLetterSink>());
        services.TryAddSingleton<FlowRuntime>();
        services.TryAddSingleton<FlowScheduleRegistry>();
        services.TryAdd(ServiceDescriptor.Singleton(typeof(IFlowPublisher<,>), typeof(FlowPublisher<,>)));

        // Registration order is stop order reversed: the scheduler stops before the runners drain.
        services.AddHostedService<FlowRuntimeHostedService>();
        services.AddHostedService<FlowScheduler>();
        return services;
    }

    /// <summary>Replaces the default dead-letter sink with <typeparamref name="TSink"/> (a singleton).</summary>
    public static IServiceCollection AddFlowDeadLetterSink<[System.Diagnostics.CodeAnalysis.DynamicallyAccessedMembers(System.Diagnostics.CodeAnalysis.DynamicallyAccessedMemberTypes.PublicConstructors)] TSink>(this IServiceCollection services)
        where TSink : class, IFlowDeadLetterSink
    {
        ArgumentNullException.ThrowIfNull(services);
        services.RemoveAll<IFlowDeadLetterSink>();
        services.AddSingleton<IFlowDeadLetterSink, TSink>();
        return services;
    }

    private sealed class FlowHostingMarker
    {
    }
}
