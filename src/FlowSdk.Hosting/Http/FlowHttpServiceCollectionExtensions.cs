using FlowSdk;
using FlowSdk.Hosting;
using FlowSdk.Hosting.Http;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers named HTTP clients for <see cref="FlowHttpClient"/> steps.</summary>
public static class FlowHttpServiceCollectionExtensions
{
    /// <summary>
    /// Registers the named client <paramref name="name"/> (configured by <paramref name="configure"/>, e.g. its base
    /// address) with the standard resilience handler (retries with backoff on transient failures, circuit breaker,
    /// timeouts), and <see cref="FlowHttpClient"/>.
    /// </summary>
    /// <returns>The client builder, to configure the client or the resilience handler further.</returns>
    public static IHttpClientBuilder AddFlowHttpClient(this IServiceCollection services, string name, Action<HttpClient> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return services.AddFlowHttpClient(name, (_, client) => configure(client));
    }

    /// <summary>
    /// Registers the named client <paramref name="name"/>, configured from the container by <paramref name="configure"/>,
    /// with the standard resilience handler, and <see cref="FlowHttpClient"/>.
    /// </summary>
    /// <returns>The client builder, to configure the client or the resilience handler further.</returns>
    public static IHttpClientBuilder AddFlowHttpClient(this IServiceCollection services, string name, Action<IServiceProvider, HttpClient> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<FlowHttpOptions>();
        services.TryAddSingleton<FlowHttpClient>();
        var builder = services.AddHttpClient(name, configure);
        builder.AddStandardResilienceHandler();
        return builder;
    }
}
