using FlowSdk.Instances;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace FlowSdk.Management;

/// <summary>Deploy, read, change and delete instances.</summary>
internal static class InstanceEndpoints
{
    public static async Task<IResult> DeployAsync(HttpContext context, [FromServices] FlowInstanceManager manager, CancellationToken cancellationToken)
    {
        var (body, error) = await RequestReader.ReadBodyAsync(context.Request, ManagementJsonContext.Default.DeployInstanceRequest, cancellationToken).ConfigureAwait(false);
        if (error is not null)
        {
            return error;
        }

        var instance = await manager.DeployAsync(
            new InstanceDeployment
            {
                Id = body!.Id ?? string.Empty,
                FlowName = body.Flow ?? string.Empty,
                Customer = body.Customer,
                Enabled = body.Enabled ?? true,
                ConfigurationJson = body.Configuration is { ValueKind: not System.Text.Json.JsonValueKind.Undefined } configuration ? configuration.GetRawText() : "{}",
                Secrets = body.Secrets ?? [],
                Schedule = body.Schedule,
            },
            cancellationToken).ConfigureAwait(false);
        AuditFilter.Describe(context, instance.Id, AuditDetails.Deployed(instance));
        context.Response.Headers.ETag = RequestReader.ETag(instance.Version);
        return TypedResults.Json(InstanceResponse.From(instance), ManagementJsonContext.Default.InstanceResponse, statusCode: StatusCodes.Status201Created);
    }

    public static async Task<IResult> ListAsync(HttpContext context, [FromServices] IInstanceStore store, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var request = context.Request;
        var query = new InstanceQuery
        {
            FlowName = RequestReader.Text(request, "flow"),
            Enabled = RequestReader.Bool(request, "enabled", errors),
            AfterId = RequestReader.Text(request, "after"),
            Limit = RequestReader.Limit(request, errors),
        };
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var instances = await store.ListAsync(query, cancellationToken).ConfigureAwait(false);
        return TypedResults.Json<IReadOnlyList<InstanceResponse>>([.. instances.Select(InstanceResponse.From)], ManagementJsonContext.Default.IReadOnlyListInstanceResponse);
    }

    public static async Task<IResult> GetAsync(string id, HttpContext context, [FromServices] IInstanceStore store, CancellationToken cancellationToken)
    {
        var instance = await store.GetAsync(id, cancellationToken).ConfigureAwait(false) ?? throw new InstanceNotFoundException(id);
        return Found(context, instance);
    }

    public static async Task<IResult> UpdateAsync(string id, HttpContext context, [FromServices] FlowInstanceManager manager, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var expected = RequestReader.IfMatch(context.Request, errors);
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var (body, error) = await RequestReader.ReadBodyAsync(context.Request, ManagementJsonContext.Default.UpdateInstanceRequest, cancellationToken).ConfigureAwait(false);
        if (error is not null)
        {
            return error;
        }

        var instance = await manager.UpdateAsync(
            id,
            new InstanceUpdate
            {
                Customer = body!.Customer,
                ConfigurationJson = body.Configuration is { ValueKind: not System.Text.Json.JsonValueKind.Undefined } configuration ? configuration.GetRawText() : "{}",
                Secrets = body.Secrets ?? [],
                Schedule = body.Schedule,
            },
            expected,
            cancellationToken).ConfigureAwait(false);
        AuditFilter.Describe(context, id, AuditDetails.Updated(body.Secrets));
        return Found(context, instance);
    }

    public static Task<IResult> EnableAsync(string id, HttpContext context, [FromServices] FlowInstanceManager manager, CancellationToken cancellationToken) =>
        SetEnabledAsync(id, true, context, manager, cancellationToken);

    public static Task<IResult> DisableAsync(string id, HttpContext context, [FromServices] FlowInstanceManager manager, CancellationToken cancellationToken) =>
        SetEnabledAsync(id, false, context, manager, cancellationToken);

    public static async Task<IResult> DeleteAsync(string id, HttpContext context, [FromServices] FlowInstanceManager manager, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var expected = RequestReader.IfMatch(context.Request, errors);
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        return await manager.DeleteAsync(id, expected, cancellationToken).ConfigureAwait(false)
            ? TypedResults.NoContent()
            : throw new InstanceNotFoundException(id);
    }

    private static async Task<IResult> SetEnabledAsync(string id, bool enabled, HttpContext context, [FromServices] FlowInstanceManager manager, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var expected = RequestReader.IfMatch(context.Request, errors);
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var instance = await manager.SetEnabledAsync(id, enabled, expected, cancellationToken).ConfigureAwait(false);
        return Found(context, instance);
    }

    private static IResult Found(HttpContext context, FlowInstance instance)
    {
        context.Response.Headers.ETag = RequestReader.ETag(instance.Version);
        return TypedResults.Json(InstanceResponse.From(instance), ManagementJsonContext.Default.InstanceResponse);
    }
}
