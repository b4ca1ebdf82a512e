namespace FlowSdk.Generators.Model;

/// <summary>One trigger attribute on a flow class, as declared; one sealed record per trigger kind.</summary>
/// <remarks>Optional properties are null unless the user set them, so the runtime's defaults stay its own.</remarks>
internal abstract record TriggerSpec
{
    /// <summary>The entry method the trigger's payload goes through, or null for the first step.</summary>
    public string? Entry { get; init; }
}

/// <summary><c>[ChannelTrigger]</c>: it has no properties.</summary>
internal sealed record ChannelTriggerSpec : TriggerSpec;

/// <summary><c>[ScheduleTrigger(cron)]</c>.</summary>
/// <param name="Cron">The cron expression (already validated by the parser).</param>
/// <param name="TimeZone">The declared time zone id, or null.</param>
/// <param name="AllowOverlap">The declared overlap policy, or null.</param>
internal sealed record ScheduleTriggerSpec(string Cron, string? TimeZone, bool? AllowOverlap) : TriggerSpec;

/// <summary><c>[WebhookTrigger(route)]</c>.</summary>
/// <param name="Route">The route.</param>
/// <param name="MaxBodySize">The declared body limit in bytes, or null.</param>
/// <param name="Synchronous">The declared answer mode, or null.</param>
/// <param name="Signature">The declared <c>WebhookSignature</c> member name (validated by the parser), or null.</param>
internal sealed record WebhookTriggerSpec(string Route, long? MaxBodySize, bool? Synchronous, string? Signature = null) : TriggerSpec;
