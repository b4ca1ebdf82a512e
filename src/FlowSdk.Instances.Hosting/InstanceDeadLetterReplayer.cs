using System.Text.Json;
using FlowSdk.Hosting;

namespace FlowSdk.Instances.Hosting;

/// <summary>
/// Replays a dead letter: reads its JSON payload as the flow's payload type and enqueues it for its instance (with the
/// instance's current configuration), trigger <see cref="FlowTriggerNames.Replay"/>.
/// </summary>
internal sealed class InstanceDeadLetterReplayer(
    FlowRuntime runtime,
    InstanceBindings bindings,
    InstanceCatalog catalog,
    InstancePayloadSerializer serializer,
    IEnumerable<FlowRegistration> registrations) : IDeadLetterReplayer
{
    private readonly Dictionary<string, FlowRegistration> _flows = registrations
        .GroupBy(r => r.Definition.Name, StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

    public ValueTask<Guid> ReplayAsync(DeadLetter deadLetter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deadLetter);
        if (!catalog.TryGet(deadLetter.InstanceId, out var instance))
        {
            throw new InstanceNotFoundException(deadLetter.InstanceId);
        }

        if (!instance.Enabled)
        {
            throw new DeadLetterReplayException($"Instance '{instance.Id}' is disabled; enable it to replay its dead letters.");
        }

        if (!string.Equals(instance.FlowName, deadLetter.FlowName, StringComparison.Ordinal) || !_flows.TryGetValue(deadLetter.FlowName, out var registration))
        {
            throw new DeadLetterReplayException($"Flow '{deadLetter.FlowName}' of instance '{instance.Id}' is not run by this host.");
        }

        return AcceptedAsync(registration.Definition.Name, registration.Accept(new Enqueue(runtime, bindings.Get(instance), deadLetter, serializer)));
    }

    private static async ValueTask<Guid> AcceptedAsync(string flowName, ValueTask<FlowEnqueueResult> offer)
    {
        var result = await offer.ConfigureAwait(false);
        return result.Status switch
        {
            FlowEnqueueStatus.Accepted => result.ExecutionId,
            FlowEnqueueStatus.StoreUnavailable => throw new DeadLetterReplayException($"Flow '{flowName}' cannot store the replay now (the message store cannot be reached); try again."),
            _ => throw new DeadLetterReplayException($"Flow '{flowName}' cannot take the replay now (its queue is full or it is stopping); try again."),
        };
    }

    private sealed class Enqueue(FlowRuntime runtime, InstanceBinding binding, DeadLetter letter, InstancePayloadSerializer serializer) : IFlowRegistrationVisitor<ValueTask<FlowEnqueueResult>>
    {
        public ValueTask<FlowEnqueueResult> Visit<TFlow, TIn, TOut>(FlowRegistration<TFlow, TIn, TOut> registration)
            where TFlow : class, IFlow<TIn, TOut>
        {
            TIn payload;
            try
            {
                var read = registration.Entries.Count > 0
                    ? JsonSerializer.Deserialize(letter.Payload.Span, FlowEntryJson.Create(registration.Entries, serializer.Options))
                    : serializer.Deserialize(letter.Payload.Span, typeof(TIn));
                payload = read is TIn typed
                    ? typed
                    : throw new DeadLetterReplayException($"The dead letter's payload is not a {typeof(TIn).Name}.");
            }
            catch (JsonException)
            {
                throw new DeadLetterReplayException($"The dead letter's payload cannot be read as {typeof(TIn).Name}.");
            }

            return runtime.GetRunner<TFlow, TIn, TOut>().TryEnqueueAsync(binding, payload, FlowTriggerNames.Replay);
        }
    }
}
