using System.Globalization;
using FlowSdk.AspNetCore;
using FlowSdk.Hosting;
using FlowSdk.Instances.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FlowSdk.Instances.AspNetCore;

/// <summary>
/// Finds a webhook's instance in the catalog and checks the request's HMAC-SHA256 signature
/// (<see cref="InstanceWebhookSignature"/>) with the instance's webhook secret, within the replay window.
/// </summary>
internal sealed partial class InstanceWebhookResolver(
    InstanceBindings bindings,
    IOptions<FlowInstancesHostingOptions> options,
    TimeProvider time,
    ILogger<InstanceWebhookResolver> logger) : IFlowWebhookInstanceResolver
{
    private readonly FlowInstancesHostingOptions _options = options.Value;

    public FlowInstanceBinding? Resolve(string flowName, string instanceId) =>
        bindings.TryGetRunnable(instanceId, flowName, out var binding) ? binding : null;

    public async ValueTask<bool> VerifyAsync(HttpContext context, FlowInstanceBinding instance, ReadOnlyMemory<byte> body)
    {
        var headers = context.Request.Headers;
        var timestamp = headers[_options.TimestampHeader].ToString();
        var signature = headers[_options.SignatureHeader].ToString();
        if (timestamp.Length == 0 || signature.Length == 0)
        {
            LogRefused(instance.InstanceId, "missing signature or timestamp");
            return false;
        }

        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds()
            || (time.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > _options.SignatureTolerance)
        {
            LogRefused(instance.InstanceId, "timestamp outside the accepted window");
            return false;
        }

        var secrets = instance is InstanceBinding bound ? await bound.GetSecretsAsync(context.RequestAborted).ConfigureAwait(false) : null;
        if (secrets is null || !secrets.TryGetValue(_options.WebhookSecretName, out var secret) || secret.Length == 0)
        {
            LogNoSecret(instance.InstanceId, _options.WebhookSecretName);
            return false;
        }

        if (!InstanceWebhookSignature.Verify(secret, timestamp, body.Span, signature))
        {
            LogRefused(instance.InstanceId, "signature does not match");
            return false;
        }

        return true;
    }

    [LoggerMessage(6001, LogLevel.Information, "Instance {InstanceId} webhook refused: {Reason}")]
    private partial void LogRefused(string instanceId, string reason);

    [LoggerMessage(6002, LogLevel.Warning, "Instance {InstanceId} webhook refused: the instance has no secret '{SecretName}' to verify signatures with")]
    private partial void LogNoSecret(string instanceId, string secretName);
}
