using FlowSdk;
using FlowSdk.Instances;
using FlowSdk.Management;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the management API.</summary>
public static class ManagementEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the management endpoints under <paramref name="prefix"/>: <c>instances</c> (deploy, list, get, update,
    /// enable, disable, delete), <c>executions</c> (list, get with the step journal), <c>flows</c> (list, get), <c>dead-letters</c> (list, get, replay), <c>secrets/re-encrypt</c>,
    /// <c>audit</c>, instances' <c>connections</c> (list, consent, disconnect, and the anonymous <c>connections/callback</c>) and the OpenAPI description at <c>{prefix}/openapi/flowsdk-management.json</c>. Reads need
    /// <see cref="ManagementPolicies.Read"/>; changes and the audit log <see cref="ManagementPolicies.Admin"/>, and every
    /// successful change leaves an entry in the audit log. Errors are problem+json, never a stack trace.
    /// </summary>
    public static RouteGroupBuilder MapFlowManagement(this IEndpointRouteBuilder endpoints, string prefix = "/manage")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var group = endpoints.MapGroup(prefix)
            .WithGroupName(ManagementServiceCollectionExtensions.OpenApiDocumentName)
            .WithTags("FlowSdk management")
            .AddEndpointFilter<ManagementErrorFilter>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status500InternalServerError);

        var read = group.MapGroup(string.Empty).RequireAuthorization(ManagementPolicies.Read);
        var admin = group.MapGroup(string.Empty).RequireAuthorization(ManagementPolicies.Admin).AddEndpointFilter<AuditFilter>();

        admin.MapPost("/instances", InstanceEndpoints.DeployAsync)
            .WithName("DeployInstance").WithSummary("Deploys an instance of a flow.")
            .WithJsonBody<DeployInstanceRequest>()
            .Produces<InstanceResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        read.MapGet("/instances", InstanceEndpoints.ListAsync)
            .WithName("ListInstances").WithSummary("Lists instances by id; filter with flow, enabled and search (id or customer contains), page with after and limit.")
            .Produces<IReadOnlyList<InstanceResponse>>()
            .ProducesValidationProblem();
        read.MapGet("/instances/{id}", InstanceEndpoints.GetAsync)
            .WithName("GetInstance").WithSummary("Gets an instance; secrets by name only.")
            .Produces<InstanceResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        admin.MapPut("/instances/{id}", InstanceEndpoints.UpdateAsync)
            .WithName("UpdateInstance").WithSummary("Replaces customer, configuration and schedule; merges secrets. Honours If-Match.")
            .WithJsonBody<UpdateInstanceRequest>()
            .Produces<InstanceResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);
        admin.MapPost("/instances/{id}/webhook-secret/rotate", InstanceEndpoints.RotateWebhookSecretAsync)
            .WithName("RotateWebhookSecret")
            .WithSummary("Replaces the webhook secret (given or generated); the old one verifies until previousWebhookSecretExpiresAt. Answers the new secret once. Honours If-Match.")
            .WithJsonBody<RotateWebhookSecretRequest>(required: false)
            .Produces<InstanceResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        admin.MapPost("/instances/{id}/enable", InstanceEndpoints.EnableAsync)
            .WithName("EnableInstance").WithSummary("Enables an instance.")
            .Produces<InstanceResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        admin.MapPost("/instances/{id}/disable", InstanceEndpoints.DisableAsync)
            .WithName("DisableInstance").WithSummary("Disables an instance; running executions finish.")
            .Produces<InstanceResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        admin.MapDelete("/instances/{id}", InstanceEndpoints.DeleteAsync)
            .WithName("DeleteInstance").WithSummary("Deletes an instance and its secrets.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);
        read.MapGet("/executions", ExecutionEndpoints.ListAsync)
            .WithName("ListExecutions").WithSummary("Lists executions newest first; filter with instance, flow, outcome, from, to; page with before (the last executionId) and limit.")
            .Produces<IReadOnlyList<ExecutionResponse>>()
            .ProducesValidationProblem();
        read.MapGet("/executions/{id:guid}", ExecutionEndpoints.GetAsync)
            .WithName("GetExecution").WithSummary("Gets an execution with its step journal (steps, outcomes, item counts, payloads when journaled).")
            .Produces<ExecutionDetailResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        read.MapGet("/flows", FlowEndpoints.List)
            .WithName("ListFlows").WithSummary("Lists the flows this host runs: triggers, steps, declared secrets and the configuration's JSON Schema.")
            .Produces<IReadOnlyList<FlowResponse>>();
        read.MapGet("/flows/{name}", FlowEndpoints.Get)
            .WithName("GetFlow").WithSummary("Describes one flow: triggers, steps, declared secrets and the configuration's JSON Schema.")
            .Produces<FlowResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        read.MapGet("/dead-letters", DeadLetterEndpoints.ListAsync)
            .WithName("ListDeadLetters").WithSummary("Lists dead letters newest first; filter with instance, flow, from, to and limit.")
            .Produces<IReadOnlyList<DeadLetterResponse>>()
            .ProducesValidationProblem();
        read.MapGet("/dead-letters/{id:guid}", DeadLetterEndpoints.GetAsync)
            .WithName("GetDeadLetter").WithSummary("Gets a dead letter with its payload in base64.")
            .Produces<DeadLetterResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        admin.MapPost("/dead-letters/{id:guid}/replay", DeadLetterEndpoints.ReplayAsync)
            .WithName("ReplayDeadLetter").WithSummary("Runs a dead letter's payload again for its instance, once (409 when it was replayed already).")
            .Produces<ReplayResponse>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status501NotImplemented);
        admin.MapPost("/secrets/re-encrypt", SecretEndpoints.ReEncryptAsync)
            .WithName("ReEncryptSecrets").WithSummary("Rewrites every stored secret and connection token under the active key; counts instances and connections re-encrypted, already current and failed.")
            .Produces<ReEncryptionResponse>()
            .ProducesProblem(StatusCodes.Status501NotImplemented);

        read.MapGet("/instances/{id}/connections", ConnectionEndpoints.ListAsync)
            .WithName("ListConnections").WithSummary("Lists the instance's OAuth 2.0 connections: name, grant, state, expiresAt, scopes, lastError; never a token.")
            .Produces<IReadOnlyList<ConnectionResponse>>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status501NotImplemented);
        admin.MapPost("/instances/{id}/connections/{name}/consent", ConnectionEndpoints.StartConsentAsync)
            .WithName("StartConnectionConsent").WithSummary("Starts a consent for an authorization-code connection; answers the authorizeUrl to open in a browser.")
            .Produces<ConnectionConsentResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status501NotImplemented);
        admin.MapDelete("/instances/{id}/connections/{name}", ConnectionEndpoints.DisconnectAsync)
            .WithName("DisconnectConnection").WithSummary("Deletes the connection's stored tokens; it needs consent again.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status501NotImplemented);

        // The authorization server's redirect target: no API key (a browser brings it), trusted only through its signed, single-use state.
        group.MapGet("/connections/callback", ConnectionEndpoints.CallbackAsync).AllowAnonymous()
            .WithName("ConnectionCallback").WithSummary("Completes a consent: exchanges the code with the PKCE verifier and stores the tokens encrypted; answers a small HTML page.")
            .Produces(StatusCodes.Status200OK, contentType: "text/html")
            .Produces(StatusCodes.Status400BadRequest, contentType: "text/html");

        // Admin only: the audit log tells who holds which key and what they did. Outside the admin group, whose filter audits changes.
        group.MapGet("/audit", AuditEndpoints.ListAsync).RequireAuthorization(ManagementPolicies.Admin)
            .WithName("ListAudit").WithSummary("Lists audit entries newest first; filter with target, actor, action, from, to; page with before and limit.")
            .Produces<IReadOnlyList<AuditEntryResponse>>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status501NotImplemented);

        endpoints.MapOpenApi(prefix.TrimEnd('/') + "/openapi/{documentName}.json")
            .RequireAuthorization(ManagementPolicies.Read);
        return group;
    }
}
