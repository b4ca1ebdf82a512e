using FlowSdk.Instances;

namespace FlowSdk.Management;

/// <summary>Describes the flows a host runs from their <see cref="FlowDefinition"/>s and configuration types.</summary>
internal sealed class FlowDescriber
{
    private readonly Dictionary<string, FlowDefinition> _flows = new(StringComparer.Ordinal);
    private readonly InstanceConfigurationRegistry? _configurations;

    public FlowDescriber(IEnumerable<FlowRegistration> registrations, InstanceConfigurationRegistry? configurations)
    {
        foreach (var registration in registrations)
        {
            _flows.TryAdd(registration.Definition.Name, registration.Definition);
        }

        _configurations = configurations;
    }

    /// <summary>Every flow, by name.</summary>
    public IEnumerable<FlowResponse> All() => _flows.Values.OrderBy(f => f.Name, StringComparer.Ordinal).Select(Describe);

    /// <summary>One flow, or null.</summary>
    public FlowResponse? Find(string name) => _flows.TryGetValue(name, out var flow) ? Describe(flow) : null;

    private FlowResponse Describe(FlowDefinition flow) => new()
    {
        Name = flow.Name,
        Triggers = [.. flow.Triggers.Select(t => Trigger(flow, t)).OfType<FlowTriggerResponse>()],
        Steps = [.. flow.Steps.Select(s => new FlowStepResponse { Name = s.Name, Kind = s.Kind.ToString() })],
        Secrets = [.. flow.Declarations.OfType<FlowSecretAttribute>().Select(s => new FlowSecretResponse { Name = s.Name, Description = s.Description, Required = s.Required })],
        ConfigurationSchema = _configurations is not null && _configurations.TryGet(flow.Name, out var configuration)
            ? ConfigurationSchema.Of(configuration.TypeInfo)
            : null,
    };

    /// <summary>One trigger as the API shows it: the payload it delivers, and the entry that payload goes through.</summary>
    internal static FlowTriggerResponse? Trigger(FlowDefinition flow, TriggerAttribute trigger)
    {
        var type = flow.PayloadTypeOf(trigger);
        var payloadType = type.FullName ?? type.Name;
        return trigger switch
        {
            WebhookTriggerAttribute webhook => new FlowTriggerResponse { Kind = "webhook", Route = webhook.Route, PayloadType = payloadType, Entry = trigger.Entry },
            ScheduleTriggerAttribute schedule => new FlowTriggerResponse { Kind = "schedule", Cron = schedule.Cron, TimeZone = schedule.TimeZone, PayloadType = payloadType, Entry = trigger.Entry },
            ChannelTriggerAttribute => new FlowTriggerResponse { Kind = "channel", PayloadType = payloadType, Entry = trigger.Entry },
            _ => null,
        };
    }
}
