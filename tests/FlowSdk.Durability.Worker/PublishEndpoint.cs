using FlowSdk.Hosting;
using FlowSdk.Instances;
using FlowSdk.Instances.Hosting;

namespace FlowSdk.Durability.Worker;

/// <summary>
/// <c>POST /publish/{instanceId}</c>: publishes an instance job through <see cref="IFlowInstancePublisher{TFlow,TPayload}"/>
/// and answers 202 with the execution id once the publisher returned, like a webhook. Unsigned on purpose: the tests
/// exercise acceptance and redelivery, not the instance webhooks' signature scheme.
/// </summary>
internal static class PublishEndpoint
{
    public static void MapPublish(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost(WorkerKeys.PublishRoute + "/{instanceId}", PublishAsync);

    private static async Task<IResult> PublishAsync(
        string instanceId,
        InstanceJob job,
        IFlowInstancePublisher<InstanceJobFlow, InstanceJob> publisher,
        HttpContext context)
    {
        try
        {
            var executionId = await publisher.PublishAsync(instanceId, job, context.RequestAborted);
            return Results.Json(new PublishAnswer(executionId), statusCode: StatusCodes.Status202Accepted);
        }
        catch (InstanceNotFoundException)
        {
            return Results.NotFound();
        }
        catch (FlowStoreUnavailableException)
        {
            context.Response.Headers.RetryAfter = "1";
            return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        }
    }

    private sealed record PublishAnswer(Guid ExecutionId);
}
