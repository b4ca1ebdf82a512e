using FlowSdk.Instances;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers instances' OAuth 2.0 connections.</summary>
public static class ConnectionServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="FlowConnectionManager"/> over the chosen store (which must implement
    /// <see cref="IFlowConnectionStore"/>, as <c>SqlFlowStore</c> does) and reads each connection's settings from
    /// <paramref name="flows"/>: <c>{flow}:Connections:{name}:AuthorizeEndpoint</c>, <c>TokenEndpoint</c>, <c>ClientId</c>,
    /// <c>ClientSecret</c>, <c>ClientIdSecretName</c>, <c>ClientSecretSecretName</c>, <c>Scopes</c> and <c>RedirectUri</c>
    /// (pass the <c>Flows</c> section). Read without reflection.
    /// </summary>
    /// <param name="builder">The instances builder.</param>
    /// <param name="flows">The <c>Flows</c> configuration section, or null.</param>
    /// <param name="configure">Further options, applied after the configuration, or null.</param>
    /// <returns>The builder.</returns>
    public static FlowInstancesBuilder AddConnections(this FlowInstancesBuilder builder, IConfiguration? flows = null, Action<FlowConnectionOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddHttpClient(FlowConnectionOptions.TokenHttpClientName);
        if (flows is not null)
        {
            services.Configure<FlowConnectionOptions>(options => Read(flows, options));
        }

        if (configure is not null)
        {
            services.Configure(configure);
        }

        services.TryAddSingleton<IFlowConnectionStore>(sp => sp.GetRequiredService<IInstanceStore>() as IFlowConnectionStore
            ?? throw new InvalidOperationException("The instance store does not keep connections: choose a store that implements IFlowConnectionStore (UseSqlite, UsePostgres)."));
        services.TryAddSingleton<FlowConnectionManager>();
        return builder;
    }

    private static void Read(IConfiguration flows, FlowConnectionOptions options)
    {
        foreach (var flow in flows.GetChildren())
        {
            foreach (var connection in flow.GetSection("Connections").GetChildren())
            {
                var settings = options.Connection(flow.Key, connection.Key);
                settings.AuthorizeEndpoint = Uri(connection, "AuthorizeEndpoint") ?? settings.AuthorizeEndpoint;
                settings.TokenEndpoint = Uri(connection, "TokenEndpoint") ?? settings.TokenEndpoint;
                settings.RedirectUri = Uri(connection, "RedirectUri") ?? settings.RedirectUri;
                settings.ClientId = connection["ClientId"] ?? settings.ClientId;
                settings.ClientSecret = connection["ClientSecret"] ?? settings.ClientSecret;
                settings.ClientIdSecretName = connection["ClientIdSecretName"] ?? settings.ClientIdSecretName;
                settings.ClientSecretSecretName = connection["ClientSecretSecretName"] ?? settings.ClientSecretSecretName;
                settings.Scopes = connection["Scopes"] ?? settings.Scopes;
            }
        }
    }

    private static Uri? Uri(IConfiguration section, string key) =>
        section[key] is { Length: > 0 } value
            ? System.Uri.TryCreate(value, UriKind.Absolute, out var uri) ? uri : throw new InvalidOperationException($"{(section as IConfigurationSection)?.Path}:{key} is not an absolute URL.")
            : null;
}
