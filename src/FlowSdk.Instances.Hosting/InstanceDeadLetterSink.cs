using FlowSdk.Hosting;
using Microsoft.Extensions.Logging;

namespace FlowSdk.Instances.Hosting;

/// <summary>
/// Keeps an instance execution's dead letter in <see cref="IDeadLetterStore"/> (payload as JSON, error redacted), so it
/// can be listed and replayed per instance; every letter then goes on to the sink registered before.
/// </summary>
internal sealed partial class InstanceDeadLetterSink(
    IFlowDeadLetterSink inner,
    IDeadLetterStore store,
    InstanceBindings bindings,
    InstancePayloadSerializer serializer,
    ILogger<InstanceDeadLetterSink> logger) : IFlowDeadLetterSink
{
    public async ValueTask WriteAsync(FlowDeadLetter letter, CancellationToken cancellationToken)
    {
        try
        {
            if (letter.InstanceId != FlowContext.DefaultInstanceId)
            {
                await StoreAsync(letter, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            await inner.WriteAsync(letter, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task StoreAsync(FlowDeadLetter letter, CancellationToken cancellationToken)
    {
        InstanceSecrets? secrets = null;
        if (bindings.TryGetExisting(letter.InstanceId, out var binding))
        {
            secrets = await binding.TryGetSecretsAsync().ConfigureAwait(false);
        }

        // A stored payload that no longer reads as the flow's type is kept as it was stored.
        var payload = letter.StoredPayload.ToArray();
        if (letter.Payload is { } value)
        {
            try
            {
                payload = serializer.Serialize(value);
            }
#pragma warning disable CA1031 // A payload that cannot be serialised still leaves a dead letter, without its payload.
            catch (Exception e)
#pragma warning restore CA1031
            {
                LogPayloadNotSerialisable(letter.FlowName, letter.InstanceId, letter.ExecutionId, value.GetType().FullName, e);
            }
        }

        await store.AddDeadLetterAsync(
            new DeadLetter
            {
                Id = Guid.CreateVersion7(letter.FailedAt),
                ExecutionId = letter.ExecutionId,
                InstanceId = letter.InstanceId,
                FlowName = letter.FlowName,
                Trigger = letter.Trigger ?? "unknown",
                PayloadType = letter.Payload?.GetType().FullName,
                ContentType = InstancePayloadSerializer.ContentType,
                Payload = payload,
                FailedStep = letter.FailedStep,
                Error = InstanceErrors.Describe(letter.Exception, secrets),
                CreatedAt = letter.FailedAt,
            },
            cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(4070, LogLevel.Error, "Flow {FlowName} instance {InstanceId} execution {ExecutionId}: the payload of type {PayloadType} could not be serialised into its dead letter")]
    private partial void LogPayloadNotSerialisable(string flowName, string instanceId, Guid executionId, string? payloadType, Exception exception);
}
