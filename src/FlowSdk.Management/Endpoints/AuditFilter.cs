using System.Security.Claims;
using FlowSdk.Instances;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FlowSdk.Management;

/// <summary>
/// Records every successful change in the audit log: on the admin route group, so an endpoint mapped there is covered
/// without doing anything. The action is the endpoint's name, the target its <c>{id}</c> route value, unless the endpoint
/// says otherwise with <see cref="Describe"/>. The entry is written after the change, in the same request; if writing it
/// fails, the error is logged and the change is answered as it succeeded (it did), never turned into an error answer.
/// Refused or failed requests change nothing and leave no entry; neither do reads.
/// </summary>
internal sealed partial class AuditFilter(ILogger<AuditFilter> logger) : IEndpointFilter
{
    private const string NoteKey = "FlowSdk.Management.Audit";

    /// <summary>Sets the target and a short detail (names and counts, never a secret or configuration value) for the entry.</summary>
    public static void Describe(HttpContext context, string? target, string? detail) => context.Items[NoteKey] = new Note(target, detail);

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var result = await next(context).ConfigureAwait(false);
        var http = context.HttpContext;
        var status = (result as IStatusCodeHttpResult)?.StatusCode ?? StatusCodes.Status200OK;
        if (status is < 200 or > 299 || HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method)
            || http.RequestServices.GetService<IAuditLog>() is not { } log)
        {
            return result;
        }

        var note = http.Items.TryGetValue(NoteKey, out var value) ? (Note?)value : null;
        var time = http.RequestServices.GetService<TimeProvider>() ?? TimeProvider.System;
        var at = time.GetUtcNow();
        var entry = new AuditEntry
        {
            Id = Guid.CreateVersion7(at),
            At = at,
            Actor = Actor(http.User),
            Action = http.GetEndpoint()?.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName ?? $"{http.Request.Method} {http.Request.Path}",
            Target = note is not null ? note.Target : http.Request.RouteValues["id"]?.ToString(),
            Status = status,
            Detail = note?.Detail,
        };
        try
        {
            // Not the request's token: the change is made, so its entry is written even if the caller went away.
            await log.AppendAsync(entry, CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A lost entry is logged; the change it describes succeeded and is answered as such.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogAuditFailed(e, entry.Action, entry.Target, entry.Actor);
        }

        return result;
    }

    private static string Actor(ClaimsPrincipal user) =>
        user.Identity?.Name ?? user.FindFirst(ClaimTypes.NameIdentifier)?.Value ?? user.FindFirst("sub")?.Value ?? "unknown";

    [LoggerMessage(5002, LogLevel.Error, "The audit entry for {Action} on {Target} by {Actor} could not be written; the change itself succeeded")]
    private partial void LogAuditFailed(Exception exception, string action, string? target, string actor);

    private sealed record Note(string? Target, string? Detail);
}
