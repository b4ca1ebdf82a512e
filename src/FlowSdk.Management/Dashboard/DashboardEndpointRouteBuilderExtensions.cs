using FlowSdk.Management;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the dashboard.</summary>
public static class DashboardEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the dashboard at <c>{prefix}/ui/</c>, next to the management API that <c>MapFlowManagement(prefix)</c> maps
    /// (call both with the same prefix). Its files are embedded in this assembly. Sign-in exchanges a management API key
    /// for a session cookie (<see cref="DashboardSessionDefaults"/>); a Reader key sees everything and changes nothing.
    /// Also maps <c>{prefix}/ui/session</c> (POST signs in, GET tells who is signed in, DELETE signs out),
    /// <c>{prefix}/ui/api/stats</c> (executions per flow and outcome over time, queue depths, throughput) and
    /// <c>{prefix}/ui/api/live</c> (new and changed executions as server-sent events).
    /// </summary>
    public static RouteGroupBuilder MapFlowDashboard(this IEndpointRouteBuilder endpoints, string prefix = "/manage")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var ui = endpoints.MapGroup(prefix.TrimEnd('/') + "/ui")
            .ExcludeFromDescription()
            .AddEndpointFilter<ManagementErrorFilter>();

        // The files hold no data: anyone may load the page, which then asks for a key.
        // Routing matches {prefix}/ui and {prefix}/ui/ alike; the page's relative links need the slash.
        ui.MapGet("/", (HttpContext context, [FromServices] DashboardAssets assets) =>
            context.Request.Path.Value?.EndsWith('/') == true
                ? DashboardEndpoints.Asset(context, null, assets)
                : Results.Redirect(context.Request.PathBase + context.Request.Path + "/"));
        ui.MapGet("/{file}", (HttpContext context, string file, [FromServices] DashboardAssets assets) => DashboardEndpoints.Asset(context, file, assets));

        ui.MapPost("/session", DashboardEndpoints.SignInAsync).AllowAnonymous();
        ui.MapGet("/session", DashboardEndpoints.GetSession).RequireAuthorization(ManagementPolicies.Read);
        ui.MapDelete("/session", DashboardEndpoints.SignOut).RequireAuthorization(ManagementPolicies.Read);
        ui.MapGet("/api/stats", DashboardEndpoints.StatsAsync).RequireAuthorization(ManagementPolicies.Read);
        ui.MapGet("/api/live", DashboardEndpoints.LiveAsync).RequireAuthorization(ManagementPolicies.Read);
        return ui;
    }
}
