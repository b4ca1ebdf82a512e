using System.Text.Json;

namespace FlowSdk.Instances.Hosting;

/// <summary>
/// How instances run: the signature window and delivery memory of their webhooks (the scheme is the flow's, the secret
/// <see cref="InstanceOptions.WebhookSecretName"/>), and how payloads are kept in dead letters.
/// </summary>
public sealed class FlowInstancesHostingOptions
{
    /// <summary>How far a signed timestamp may lie from the host's clock, either way. Default 5 minutes.</summary>
    public TimeSpan SignatureTolerance { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long a webhook's delivery id is remembered in the store: a redelivery within it is answered like the first
    /// (202 with the same execution id) and does not run again, on whichever node it lands. Never shorter than
    /// <see cref="SignatureTolerance"/> (a longer tolerance wins). Default 24 hours.
    /// </summary>
    public TimeSpan DeliveryRetention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// Serialises payloads into stored messages and dead letters and reads them back. Null (the default) uses
    /// System.Text.Json's web defaults, as webhook bodies are bound by default; set options with a resolver for every
    /// payload type (a <c>JsonSerializerContext</c>) in a trimmed or native AOT application, and the same options the
    /// ASP.NET Core JSON options use if you changed those.
    /// </summary>
    public JsonSerializerOptions? PayloadSerializerOptions { get; set; }

    /// <summary>
    /// Whether this node fires the instances' schedules. Default true. With a store every node may: each occurrence is
    /// stored once per flow, instance and time, so it runs once however many nodes fire it, and a dead node does not
    /// stop it. Set false on nodes that should only serve webhooks or the management API.
    /// </summary>
    public bool RunInstanceSchedules { get; set; } = true;

    /// <summary>
    /// Whether a flow that declares a configuration type stops running its own <see cref="ScheduleTriggerAttribute"/>
    /// schedule for the default instance (it has no configuration there); its instances run on their schedules.
    /// Default true.
    /// </summary>
    public bool SuspendDefaultSchedulesOfConfiguredFlows { get; set; } = true;
}
