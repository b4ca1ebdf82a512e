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

        var (instance, generated) = await manager.DeployWithWebhookSecretAsync(
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
        if (generated is not null)
        {
            NoStore(context);
        }

        return TypedResults.Json(InstanceResponse.From(instance, generated), ManagementJsonContext.Default.InstanceResponse, statusCode: StatusCodes.Status201Created);
    }

    public static async Task<IResult> RotateWebhookSecretAsync(string id, HttpContext context, [FromServices] FlowInstanceManager manager, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var expected = RequestReader.IfMatch(context.Request, errors);
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        RotateWebhookSecretRequest? body = null;
        if (HasBody(context.Request))
        {
            (body, var error) = await RequestReader.ReadBodyAsync(context.Request, ManagementJsonContext.Default.RotateWebhookSecretRequest, cancellationToken).ConfigureAwait(false);
            if (error is not null)
            {
                return error;
            }
        }

        TimeSpan? lifetime = null;
        if (body?.PreviousLifetimeSeconds is { } seconds)
        {
            if (seconds is < 0 or > MaxPreviousLifetimeSeconds)
            {
                return Problems.Validation(new Dictionary<string, string[]> { ["previousLifetimeSeconds"] = [$"The lifetime is 0 to {MaxPreviousLifetimeSeconds} seconds (one year)."] });
            }

            lifetime = TimeSpan.FromSeconds(seconds);
        }

        var rotation = await manager.RotateWebhookSecretAsync(id, body?.Secret, lifetime, expected, cancellationToken).ConfigureAwait(false);
        NoStore(context);
        context.Response.Headers.ETag = RequestReader.ETag(rotation.Instance.Version);
        return TypedResults.Json(InstanceResponse.From(rotation.Instance, rotation.Secret), ManagementJsonContext.Default.InstanceResponse);
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
            Search = RequestReader.Text(request, "search"),
            Limit = RequestReader.Limit(request, errors),
        };
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var instances = await store.ListAsync(query, cancellationToken).ConfigureAwait(false);
        return TypedResults.Json<IReadOnlyList<InstanceResponse>>([.. instances.Select(i => InstanceResponse.From(i))], ManagementJsonContext.Default.IReadOnlyListInstanceResponse);
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

    private const long MaxPreviousLifetimeSeconds = 365L * 24 * 60 * 60;

    // The body is optional: a POST without one (or an empty one) generates the secret with the default lifetime.
    private static bool HasBody(HttpRequest request) =>
        request.ContentLength is > 0 || (request.ContentLength is null && request.ContentType is not null);

    // An answer carrying a secret must not be kept by any cache between the server and the caller.
    private static void NoStore(HttpContext context) => context.Response.Headers.CacheControl = "no-store";

    private static IResult Found(HttpContext context, FlowInstance instance)
    {
        context.Response.Headers.ETag = RequestReader.ETag(instance.Version);
        return TypedResults.Json(InstanceResponse.From(instance), ManagementJsonContext.Default.InstanceResponse);
    }
}
