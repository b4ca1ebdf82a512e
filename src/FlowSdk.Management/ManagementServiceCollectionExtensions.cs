using FlowSdk;
using FlowSdk.Management;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the management API's services.</summary>
public static class ManagementServiceCollectionExtensions
{
    /// <summary>The name of the management API's OpenAPI document.</summary>
    public const string OpenApiDocumentName = "flowsdk-management";

    /// <summary>
    /// Adds the management API: API-key authentication (<see cref="ApiKeyAuthenticationDefaults.Scheme"/>) and the
    /// dashboard's session cookie (<see cref="DashboardSessionDefaults.Scheme"/>, issued only by <c>MapFlowDashboard</c>), the
    /// <see cref="ManagementPolicies.Read"/> and <see cref="ManagementPolicies.Admin"/> policies, problem details and the
    /// OpenAPI document. Needs <c>AddFlowInstances</c> for the stores. The keys are checked when the host starts: a plain
    /// key shorter than 32 characters, a malformed <see cref="ManagementApiKey.KeyHash"/>, a key with neither or both of
    /// <c>Key</c> and <c>KeyHash</c>, or two keys with one name stop the start with a message naming the key.
    /// </summary>
    public static IServiceCollection AddFlowManagement(this IServiceCollection services, Action<ManagementOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.Configure(configure);

        services.AddProblemDetails();
        services.Configure<JsonOptions>(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, ManagementJsonContext.Default));
        services.AddAuthentication()
            .AddScheme<ApiKeyAuthenticationOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationDefaults.Scheme, _ => { })
            .AddScheme<DashboardSessionOptions, DashboardSessionHandler>(DashboardSessionDefaults.Scheme, _ => { });

        // The dashboard (MapFlowDashboard): its embedded files, its settings, and data protection for its session cookie.
        services.AddDataProtection();
        services.AddOptions<DashboardOptions>();
        services.TryAddSingleton<DashboardAssets>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<ApiKeyAuthenticationOptions>(ApiKeyAuthenticationDefaults.Scheme)
            .Configure<IOptions<ManagementOptions>>((o, management) =>
            {
                foreach (var key in management.Value.ApiKeys)
                {
                    o.Keys.Add(key);
                }
            })
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ApiKeyAuthenticationOptions>, ApiKeyOptionsSetup>());
        services.TryAddSingleton(sp => new FlowDescriber(sp.GetServices<FlowRegistration>(), sp.GetService<FlowSdk.Instances.InstanceConfigurationRegistry>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<ApiKeyAuthenticationOptions>, ApiKeyOptionsSetup>());
        services.AddAuthorizationBuilder()
            .AddPolicy(ManagementPolicies.Read, p => p
                .AddAuthenticationSchemes(ApiKeyAuthenticationDefaults.Scheme, DashboardSessionDefaults.Scheme)
                .RequireAuthenticatedUser()
                .RequireRole(ManagementPolicies.ReaderRole, ManagementPolicies.AdminRole))
            .AddPolicy(ManagementPolicies.Admin, p => p
                .AddAuthenticationSchemes(ApiKeyAuthenticationDefaults.Scheme, DashboardSessionDefaults.Scheme)
                .RequireAuthenticatedUser()
                .RequireRole(ManagementPolicies.AdminRole));
        services.AddOpenApi(OpenApiDocumentName, o =>
        {
            o.ShouldInclude = description => description.GroupName == OpenApiDocumentName;
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "FlowSdk management";
                document.Info.Description = "Deploy and manage flow instances, read their execution history, list and replay dead letters. Send an API key in the X-Api-Key header.";
                return Task.CompletedTask;
            });
        });
        return services;
    }

    /// <summary>
    /// Adds the management API with its API keys read from <paramref name="section"/>: <c>ApiKeys:0:Name</c>,
    /// <c>ApiKeys:0:Key</c> or <c>ApiKeys:0:KeyHash</c> (<c>sha256:</c> and 64 hex digits), <c>ApiKeys:0:Role</c>
    /// (<c>Reader</c> or <c>Admin</c>), and so on. Read without reflection, so it is trim-safe.
    /// </summary>
    public static IServiceCollection AddFlowManagement(this IServiceCollection services, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(section);
        return services.AddFlowManagement(options =>
        {
            foreach (var child in section.GetSection("ApiKeys").GetChildren())
            {
                var role = child["Role"];
                options.ApiKeys.Add(new ManagementApiKey
                {
                    Name = child["Name"] ?? child.Key,
                    Key = child["Key"] ?? string.Empty,
                    KeyHash = child["KeyHash"],
                    Role = role is not null && Enum.TryParse<ManagementRole>(role, ignoreCase: true, out var parsed) ? parsed : ManagementRole.Reader,
                });
            }
        });
    }
}
