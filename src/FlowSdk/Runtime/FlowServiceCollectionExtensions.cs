using System.Diagnostics.CodeAnalysis;
using FlowSdk;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registration helpers the generated <c>AddFlows()</c> calls.</summary>
public static class FlowServiceCollectionExtensions
{
    /// <summary>
    /// Registers flow <typeparamref name="TFlow"/> as a singleton (one compiled pipeline shared by every instance) and
    /// its <see cref="FlowRegistration"/>. Registering the same flow twice has no further effect.
    /// </summary>
    public static IServiceCollection AddFlow<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TFlow, TIn, TOut>(this IServiceCollection services, FlowDefinition definition)
        where TFlow : class, IFlow<TIn, TOut> =>
        AddFlow<TFlow, TIn, TOut>(services, definition, []);

    /// <summary>
    /// Registers flow <typeparamref name="TFlow"/> whose triggers deliver several payloads: each of
    /// <paramref name="entries"/> makes a <typeparamref name="TIn"/> message (the generated <c>FlowInput</c>) from one.
    /// </summary>
    public static IServiceCollection AddFlow<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TFlow, TIn, TOut>(this IServiceCollection services, FlowDefinition definition, IReadOnlyList<FlowEntry<TIn>> entries)
        where TFlow : class, IFlow<TIn, TOut>
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(definition);
        if (services.Any(d => d.ServiceType == typeof(TFlow)))
        {
            return services;
        }

        services.AddSingleton<TFlow>();
        services.AddSingleton<IFlow<TIn, TOut>>(sp => sp.GetRequiredService<TFlow>());
        services.AddSingleton<FlowRegistration>(new FlowRegistration<TFlow, TIn, TOut>(definition, entries));
        return services;
    }
}
