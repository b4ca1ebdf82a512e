using FlowSdk.Instances;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace FlowSdk.Management;

/// <summary>Reads the audit log.</summary>
internal static class AuditEndpoints
{
    public static async Task<IResult> ListAsync(HttpContext context, CancellationToken cancellationToken)
    {
        if (context.RequestServices.GetService<IAuditLog>() is not { } log)
        {
            return Problems.Create(StatusCodes.Status501NotImplemented, "Audit log unavailable", "The configured store keeps no audit log.");
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var request = context.Request;
        Guid? before = null;
        if (RequestReader.Text(request, "before") is { } cursor)
        {
            if (Guid.TryParse(cursor, out var id))
            {
                before = id;
            }
            else
            {
                errors["before"] = ["Use the id of the last entry of the previous page."];
            }
        }

        var query = new AuditQuery
        {
            Target = RequestReader.Text(request, "target"),
            Actor = RequestReader.Text(request, "actor"),
            Action = RequestReader.Text(request, "action"),
            From = RequestReader.Time(request, "from", errors),
            To = RequestReader.Time(request, "to", errors),
            Before = before,
            Limit = RequestReader.Limit(request, errors),
        };
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var entries = await log.ListAsync(query, cancellationToken).ConfigureAwait(false);
        return TypedResults.Json<IReadOnlyList<AuditEntryResponse>>([.. entries.Select(AuditEntryResponse.From)], ManagementJsonContext.Default.IReadOnlyListAuditEntryResponse);
    }
}
