using System.Security.Cryptography;
using System.Text;
using FlowSdk.AspNetCore;
using FlowSdk.Hosting;
using FlowSdk.Instances.Hosting;
using FlowSdk.Instances.Webhooks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FlowSdk.Instances.AspNetCore;

/// <summary>
/// Finds a webhook's instance in the catalog and checks the request's signature with the scheme its flow declares
/// (<see cref="WebhookSchemeCatalog"/>): the headers and the signed time before the body, then the signature under the
/// instance's current webhook secret or, during a rotation, its previous one. The delivery id (or the signature, for
/// senders without one) makes a redelivery answer like the first.
/// </summary>
internal sealed partial class InstanceWebhookResolver : IFlowWebhookInstanceResolver
{
    [ThreadStatic]
    private static RequestHeaders? t_headers;

    private readonly InstanceBindings _bindings;
    private readonly InstanceCatalog _catalog;
    private readonly WebhookSchemeCatalog _schemes;
    private readonly HostClock _clock;
    private readonly ILogger<InstanceWebhookResolver> _logger;
    private readonly FlowInstancesHostingOptions _options;
    private readonly TimeSpan _retention;
    private readonly string _secretName;

    public InstanceWebhookResolver(
        InstanceBindings bindings,
        InstanceCatalog catalog,
        WebhookSchemeCatalog schemes,
        IOptions<FlowInstancesHostingOptions> options,
        IOptions<InstanceOptions> instanceOptions,
        TimeProvider time,
        ILogger<InstanceWebhookResolver> logger)
    {
        _bindings = bindings;
        _catalog = catalog;
        _schemes = schemes;
        // The signed time is checked against a window of minutes: the coarse clock's few milliseconds do not matter, and
        // reading it costs a few ns where the precise one costs tens, twice a request.
        _clock = new HostClock(time);
        _logger = logger;
        _options = options.Value;
        _secretName = instanceOptions.Value.WebhookSecretName;

        // A redelivery must be recognised for at least as long as its signature would still be accepted.
        _retention = _options.DeliveryRetention < _options.SignatureTolerance ? _options.SignatureTolerance : _options.DeliveryRetention;
    }

    public bool IsReady => _catalog.IsCurrent;

    public FlowInstanceBinding? Resolve(string flowName, string instanceId) =>
        _bindings.TryGetRunnable(instanceId, flowName, out var binding) ? binding : null;

    public bool Precheck(HttpContext context, FlowInstanceBinding instance)
    {
        var flowName = ((InstanceBinding)instance).Instance.FlowName;
        if (_schemes.For(flowName) is not { } scheme)
        {
            LogRefused(instance.InstanceId, "the flow has no webhook signature scheme");
            return false;
        }

        if (!TryRead(scheme, context, out _, out var refusal))
        {
            LogRefused(instance.InstanceId, refusal ?? "signature headers missing or malformed");
            return false;
        }

        return true;
    }

    public async ValueTask<bool> VerifyAsync(HttpContext context, FlowInstanceBinding instance, ReadOnlyMemory<byte> body)
    {
        // The headers are read again rather than kept from Precheck: keeping them would cost an object per request.
        if (instance is not InstanceBinding bound || _schemes.For(bound.Instance.FlowName) is not { } scheme)
        {
            return false;
        }

        if (!TryRead(scheme, context, out var input, out var refusal))
        {
            LogRefused(instance.InstanceId, refusal ?? "signature headers missing or malformed");
            return false;
        }

        // Decoded once per instance version: a request after a change of the instance reads the new version's keys.
        var keys = await bound.GetWebhookKeysAsync(scheme, _secretName, context.RequestAborted).ConfigureAwait(false);
        if (keys is null)
        {
            LogNoSecret(instance.InstanceId, _secretName);
            return false;
        }

        if (scheme.Verify(input, body.Span, keys.Current)
            || (keys.Previous is { } previous && _clock.CoarseUtcNow() < keys.PreviousUntil && scheme.Verify(input, body.Span, previous)))
        {
            return true;
        }

        LogRefused(instance.InstanceId, "signature does not match");
        return false;
    }

    public FlowDelivery? GetDelivery(HttpContext context, FlowInstanceBinding instance, ReadOnlyMemory<byte> body)
    {
        if (instance is not InstanceBinding bound || _schemes.For(bound.Instance.FlowName) is not { } scheme || !TryRead(scheme, context, out var input, out _))
        {
            return null;
        }

        var key = scheme.GetDeliveryKey(input, body.Span);
        if (string.IsNullOrEmpty(key))
        {
            return null;
        }

        // Senders' ids are short; a key built from long signatures is kept as its digest.
        return new FlowDelivery(key.Length <= 200 ? key : "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key))), _retention);
    }

    private bool TryRead(IWebhookSignatureScheme scheme, HttpContext context, out WebhookSignatureInput input, out string? refusal)
    {
        // One adapter per thread, pointed at this request's headers for the duration of the synchronous call.
        var headers = t_headers ??= new RequestHeaders();
        headers.Headers = context.Request.Headers;
        try
        {
            return scheme.TryRead(headers, _clock.CoarseUtcNow(), _options.SignatureTolerance, out input, out refusal);
        }
        finally
        {
            headers.Headers = null;
        }
    }

    public IReadOnlyCollection<string> GetSensitiveHeaders(string flowName) => [.. _schemes.For(flowName)?.Headers ?? []];

    [LoggerMessage(6001, LogLevel.Information, "Instance {InstanceId} webhook refused: {Reason}")]
    private partial void LogRefused(string instanceId, string reason);

    [LoggerMessage(6002, LogLevel.Warning, "Instance {InstanceId} webhook refused: the instance has no secret '{SecretName}' to verify signatures with")]
    private partial void LogNoSecret(string instanceId, string secretName);

    /// <summary>A request's headers as a scheme reads them; set only while <see cref="TryRead"/> runs.</summary>
    private sealed class RequestHeaders : IWebhookHeaders
    {
        public IHeaderDictionary? Headers { get; set; }

        public string? Get(string name) => Headers is null || !Headers.TryGetValue(name, out var values) || values.Count == 0
            ? null
            : values.Count == 1 ? values[0] : string.Join(", ", values.ToArray());
    }
}
