using FlowSdk.Instances;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace FlowSdk.Management;

/// <summary>Lists dead letters and replays them.</summary>
internal static class DeadLetterEndpoints
{
    public static async Task<IResult> ListAsync(HttpContext context, [FromServices] IDeadLetterStore deadLetters, [FromServices] IInstanceStore store, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var request = context.Request;
        var query = new DeadLetterQuery
        {
            InstanceId = RequestReader.Text(request, "instance"),
            FlowName = RequestReader.Text(request, "flow"),
            From = RequestReader.Time(request, "from", errors),
            To = RequestReader.Time(request, "to", errors),
            Limit = RequestReader.Limit(request, errors),
        };
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var letters = await deadLetters.QueryDeadLettersAsync(query, cancellationToken).ConfigureAwait(false);
        var secrets = await SecretsLookup.LoadAsync(context, store, letters.Select(l => l.InstanceId), cancellationToken).ConfigureAwait(false);
        return TypedResults.Json<IReadOnlyList<DeadLetterResponse>>(
            [.. letters.Select(l => DeadLetterResponse.From(l, secrets, withPayload: false))],
            ManagementJsonContext.Default.IReadOnlyListDeadLetterResponse);
    }

    public static async Task<IResult> GetAsync(Guid id, HttpContext context, [FromServices] IDeadLetterStore deadLetters, [FromServices] IInstanceStore store, CancellationToken cancellationToken)
    {
        if (await deadLetters.GetDeadLetterAsync(id, cancellationToken).ConfigureAwait(false) is not { } letter)
        {
            return Problems.Create(StatusCodes.Status404NotFound, "Not found", "There is no dead letter with that id.");
        }

        var secrets = await SecretsLookup.LoadAsync(context, store, [letter.InstanceId], cancellationToken).ConfigureAwait(false);
        return TypedResults.Json(DeadLetterResponse.From(letter, secrets, withPayload: true), ManagementJsonContext.Default.DeadLetterResponse);
    }

    public static async Task<IResult> ReplayAsync(Guid id, HttpContext context, [FromServices] IDeadLetterStore deadLetters, [FromServices] TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        // Replay needs the host that runs flows; without one the endpoint says so rather than pretending.
        if (context.RequestServices.GetService<IDeadLetterReplayer>() is not { } replayer)
        {
            return Problems.Create(StatusCodes.Status501NotImplemented, "Replay unavailable", "This application runs no flow host that can replay dead letters.");
        }

        if (await deadLetters.GetDeadLetterAsync(id, cancellationToken).ConfigureAwait(false) is not { } letter)
        {
            return Problems.Create(StatusCodes.Status404NotFound, "Not found", "There is no dead letter with that id.");
        }

        // Claimed before it is enqueued: of two requests replaying the same letter at once, one runs it.
        if (letter.ReplayCount > 0 || !await deadLetters.TryBeginReplayAsync(id, timeProvider.GetUtcNow(), cancellationToken).ConfigureAwait(false))
        {
            return Problems.Create(StatusCodes.Status409Conflict, "Replayed already", "This dead letter was replayed already; if that replay failed, it left a new dead letter to replay.");
        }

        Guid executionId;
        try
        {
            executionId = await replayer.ReplayAsync(letter, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await deadLetters.UndoReplayAsync(id, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        AuditFilter.Describe(context, letter.Id.ToString("D"), $"instance {letter.InstanceId}, execution {executionId:D}");
        return TypedResults.Json(new ReplayResponse(executionId), ManagementJsonContext.Default.ReplayResponse, statusCode: StatusCodes.Status202Accepted);
    }
}
