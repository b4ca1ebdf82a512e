using FlowSdk.Hosting;
using Microsoft.AspNetCore.Http;

namespace FlowSdk.AspNetCore;

/// <summary>
/// Finds and verifies the instance a per-instance webhook request is addressed to
/// (<see cref="Microsoft.AspNetCore.Builder.FlowWebhookEndpointRouteBuilderExtensions.MapFlowWebhooks(Microsoft.AspNetCore.Routing.IEndpointRouteBuilder, IFlowWebhookInstanceResolver)"/>).
/// Register one singleton; every member runs on every request, so keep them to in-memory work. The endpoint calls them
/// in order: <see cref="IsReady"/>, <see cref="Resolve"/>, <see cref="Precheck"/> (all before the body is read),
/// <see cref="VerifyAsync"/> and <see cref="GetDelivery"/> (after).
/// </summary>
public interface IFlowWebhookInstanceResolver
{
    /// <summary>
    /// Whether instances can be told apart now: false until they were loaded, or while the view of them is too old to
    /// trust (it could serve a deleted instance or an old secret). The endpoint then answers 503 with <c>Retry-After</c>.
    /// </summary>
    bool IsReady => true;

    /// <summary>
    /// The instance <paramref name="instanceId"/> of flow <paramref name="flowName"/> if it may take new executions;
    /// null when it is unknown, disabled or belongs to another flow (the endpoint answers 404 without saying which).
    /// </summary>
    FlowInstanceBinding? Resolve(string flowName, string instanceId);

    /// <summary>
    /// Checks what can be checked before the body is read: the signature headers are there and the signed time lies in
    /// the accepted window. False makes the endpoint answer 401 without reading the body.
    /// </summary>
    bool Precheck(HttpContext context, FlowInstanceBinding instance) => true;

    /// <summary>
    /// Whether the request is authentic for <paramref name="instance"/>, checked after the body was read in full
    /// (signatures cover it); false makes the endpoint answer 401 and enqueue nothing. <paramref name="body"/> lies in a
    /// buffer the endpoint rents and reuses once the request is answered: read it before the returned task completes and
    /// copy what must outlive it.
    /// </summary>
    ValueTask<bool> VerifyAsync(HttpContext context, FlowInstanceBinding instance, ReadOnlyMemory<byte> body);

    /// <summary>
    /// The sender's delivery id of a verified request, or null: a redelivery is answered like the first delivery (202
    /// with its execution id) and does not run again. <paramref name="body"/> is valid only during the call.
    /// </summary>
    FlowDelivery? GetDelivery(HttpContext context, FlowInstanceBinding instance, ReadOnlyMemory<byte> body) => null;

    /// <summary>Headers of <paramref name="flowName"/>'s requests that carry credentials (signatures): never kept in a <see cref="WebhookRequest"/>.</summary>
    IReadOnlyCollection<string> GetSensitiveHeaders(string flowName) => [];
}
