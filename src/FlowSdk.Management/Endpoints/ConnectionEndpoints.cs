using System.Net;
using FlowSdk.Instances;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace FlowSdk.Management;

/// <summary>Instances' OAuth 2.0 connections: list, consent, callback, disconnect. No answer ever holds a token.</summary>
internal static class ConnectionEndpoints
{
    public static async Task<IResult> ListAsync(string id, HttpContext context, CancellationToken cancellationToken)
    {
        if (Manager(context) is not { } manager)
        {
            return Unavailable();
        }

        var connections = await manager.ListAsync(id, cancellationToken).ConfigureAwait(false);
        return TypedResults.Json<IReadOnlyList<ConnectionResponse>>(
            [.. connections.Select(ConnectionResponse.From)], ManagementJsonContext.Default.IReadOnlyListConnectionResponse);
    }

    public static async Task<IResult> StartConsentAsync(string id, string name, HttpContext context, CancellationToken cancellationToken)
    {
        if (Manager(context) is not { } manager)
        {
            return Unavailable();
        }

        Uri url;
        try
        {
            url = await manager.StartConsentAsync(id, name, cancellationToken).ConfigureAwait(false);
        }
        catch (FlowConsentException e)
        {
            // Fixed sentences of the manager's own, naming flows and connections only.
            return Problems.Create(StatusCodes.Status400BadRequest, "The consent cannot start", e.Message);
        }

        AuditFilter.Describe(context, id, $"connection {name}");
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Json(new ConnectionConsentResponse(url), ManagementJsonContext.Default.ConnectionConsentResponse);
    }

    public static async Task<IResult> DisconnectAsync(string id, string name, HttpContext context, CancellationToken cancellationToken)
    {
        if (Manager(context) is not { } manager)
        {
            return Unavailable();
        }

        if (!await manager.DisconnectAsync(id, name, cancellationToken).ConfigureAwait(false))
        {
            return Problems.Create(StatusCodes.Status404NotFound, "Not found", $"Instance '{id}' has no stored connection '{name}'.");
        }

        AuditFilter.Describe(context, id, $"connection {name}");
        return TypedResults.NoContent();
    }

    // The authorization server's redirect target: anonymous, trusted only through the signed single-use state. It
    // answers a small page for the person in the browser; the code, state and tokens are never echoed.
    public static async Task<IResult> CallbackAsync(HttpContext context, CancellationToken cancellationToken)
    {
        context.Response.Headers.CacheControl = "no-store";
        if (Manager(context) is not { } manager)
        {
            return Page(StatusCodes.Status501NotImplemented, "Connections are not available", "This server keeps no connections.");
        }

        var query = context.Request.Query;
        if (query["error"].ToString() is { Length: > 0 } error)
        {
            return Page(StatusCodes.Status400BadRequest, "Not connected", $"The authorization server did not grant the access ({error}). Start the consent again.");
        }

        try
        {
            var connection = await manager.CompleteConsentAsync(query["code"].ToString(), query["state"].ToString(), cancellationToken).ConfigureAwait(false);
            return Page(StatusCodes.Status200OK, "Connected", $"Connection '{connection.Name}' of instance '{connection.InstanceId}' is connected. You can close this page.");
        }
        catch (FlowConsentException e)
        {
            return Page(StatusCodes.Status400BadRequest, "Not connected", e.Message);
        }
    }

    private static FlowConnectionManager? Manager(HttpContext context) => context.RequestServices.GetService<FlowConnectionManager>();

    private static IResult Unavailable() =>
        Problems.Create(StatusCodes.Status501NotImplemented, "Connections unavailable", "This server keeps no connections: call AddConnections on AddFlowInstances.");

    private static IResult Page(int status, string title, string message) => TypedResults.Content(
        $"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{WebUtility.HtmlEncode(title)}</title></head>"
        + $"<body><h1>{WebUtility.HtmlEncode(title)}</h1><p>{WebUtility.HtmlEncode(message)}</p></body></html>",
        "text/html; charset=utf-8",
        statusCode: status);
}
