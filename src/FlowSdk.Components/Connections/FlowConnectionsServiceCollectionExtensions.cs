using FlowSdk.Components.Connections;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="IFlowConnections"/>.</summary>
public static class FlowConnectionsServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="IFlowConnections"/>, the HTTP side of instances' OAuth 2.0 connections. The connections themselves
    /// are added with <c>AddFlowInstances(...).UseSqlite().AddConnections(configuration.GetSection("Flows"))</c>.
    /// </summary>
    public static IServiceCollection AddFlowConnectionClients(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<FlowConnectionsHandler>();
        services.TryAddSingleton<IFlowConnections, FlowConnections>();
        return services;
    }
}
