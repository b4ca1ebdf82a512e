using FlowSdk.Components;
using FlowSdk.Components.Rest;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="RestClient"/> and the named HTTP clients its endpoints go through.</summary>
public static class RestServiceCollectionExtensions
{
    /// <summary>
    /// Registers the named client <paramref name="name"/> (default <see cref="RestClient.DefaultClientName"/>) with the
    /// standard resilience handler (retries with backoff on 5xx, 408, 429 and network failures, circuit breaker,
    /// timeouts), <see cref="RestClient"/>, and the default <see cref="IFlowSecretSource"/> (instance secrets from
    /// FlowSdk instances hosting) unless one is registered.
    /// </summary>
    /// <returns>The client builder, to configure the client further (a handler, a proxy, timeouts).</returns>
    public static IHttpClientBuilder AddFlowRestClient(this IServiceCollection services, string name = RestClient.DefaultClientName) =>
        services.AddFlowRestClient(name, static _ => { });

    /// <summary>
    /// Registers the named client <paramref name="name"/> like <see cref="AddFlowRestClient(IServiceCollection, string)"/>,
    /// with its standard resilience handler configured by <paramref name="configureResilience"/>.
    /// </summary>
    /// <returns>The client builder.</returns>
    public static IHttpClientBuilder AddFlowRestClient(this IServiceCollection services, string name, Action<HttpStandardResilienceOptions> configureResilience)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(configureResilience);
        services.AddOptions<RestOptions>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IFlowSecretSource, InstanceSecretSource>();
        services.TryAddSingleton<RestClient>();
        var builder = services.AddHttpClient(name);
        builder.AddStandardResilienceHandler(configureResilience);
        return builder;
    }
}
