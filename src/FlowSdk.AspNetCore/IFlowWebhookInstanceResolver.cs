using FlowSdk.Hosting;
using Microsoft.AspNetCore.Http;

namespace FlowSdk.AspNetCore;

/// <summary>
/// Finds and verifies the instance a per-instance webhook request is addressed to
/// (<see cref="Microsoft.AspNetCore.Builder.FlowWebhookEndpointRouteBuilderExtensions.MapFlowWebhooks(Microsoft.AspNetCore.Routing.IEndpointRouteBuilder, IFlowWebhookInstanceResolver)"/>).
/// Register one singleton; both calls run on every request, so keep them to in-memory lookups.
/// </summary>
public interface IFlowWebhookInstanceResolver
{
    /// <summary>
    /// The instance <paramref name="instanceId"/> of flow <paramref name="flowName"/> if it may take new executions;
    /// null when it is unknown, disabled or belongs to another flow (the endpoint answers 404 without saying which).
    /// </summary>
    FlowInstanceBinding? Resolve(string flowName, string instanceId);

    /// <summary>
    /// Whether the request is authentic for <paramref name="instance"/>, checked after the body was read in full
    /// (signatures cover it); false makes the endpoint answer 401 and enqueue nothing.
    /// </summary>
    ValueTask<bool> VerifyAsync(HttpContext context, FlowInstanceBinding instance, ReadOnlyMemory<byte> body);
}
