using FlowSdk.Instances;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace FlowSdk.Management;

/// <summary>Reads the execution history.</summary>
internal static class ExecutionEndpoints
{
    public static async Task<IResult> ListAsync(HttpContext context, [FromServices] IExecutionHistory history, [FromServices] IInstanceStore store, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var request = context.Request;
        ExecutionOutcome? outcome = null;
        if (RequestReader.Text(request, "outcome") is { } outcomeText)
        {
            if (Enum.TryParse<ExecutionOutcome>(outcomeText, ignoreCase: true, out var parsed) && !int.TryParse(outcomeText, out _))
            {
                outcome = parsed;
            }
            else
            {
                errors["outcome"] = ["Use Pending, Running, Completed, Filtered, Failed or Canceled."];
            }
        }

        Guid? before = null;
        if (RequestReader.Text(request, "before") is { } beforeText)
        {
            if (Guid.TryParse(beforeText, out var parsedBefore))
            {
                before = parsedBefore;
            }
            else
            {
                errors["before"] = ["Use the executionId of the last execution of the previous page."];
            }
        }

        var query = new ExecutionQuery
        {
            InstanceId = RequestReader.Text(request, "instance"),
            FlowName = RequestReader.Text(request, "flow"),
            Outcome = outcome,
            From = RequestReader.Time(request, "from", errors),
            To = RequestReader.Time(request, "to", errors),
            Before = before,
            Limit = RequestReader.Limit(request, errors),
        };
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var records = await history.QueryAsync(query, cancellationToken).ConfigureAwait(false);
        var secrets = await SecretsLookup.LoadAsync(context, store, records.Select(r => r.InstanceId), cancellationToken).ConfigureAwait(false);
        return TypedResults.Json<IReadOnlyList<ExecutionResponse>>(
            [.. records.Select(r => ExecutionResponse.From(r, secrets))],
            ManagementJsonContext.Default.IReadOnlyListExecutionResponse);
    }

    public static async Task<IResult> GetAsync(Guid id, HttpContext context, [FromServices] IExecutionHistory history, [FromServices] IInstanceStore store, CancellationToken cancellationToken)
    {
        if (await history.GetExecutionAsync(id, cancellationToken).ConfigureAwait(false) is not { } record)
        {
            return Problems.Create(StatusCodes.Status404NotFound, "Not found", "There is no execution with that id.");
        }

        var secrets = await SecretsLookup.LoadAsync(context, store, [record.InstanceId], cancellationToken).ConfigureAwait(false);
        return TypedResults.Json(ExecutionDetailResponse.From(record, secrets), ManagementJsonContext.Default.ExecutionDetailResponse);
    }
}
