namespace FlowSdk;

/// <summary>
/// Implemented by the generated <c>FlowInput</c> of a flow whose triggers deliver several payloads: which entry a
/// message goes through and its payload, for hosts that store or report messages without knowing the flow's types.
/// </summary>
public interface IFlowEntryMessage
{
    /// <summary>The entry the message goes through; null for the first step's payload.</summary>
    string? Entry { get; }

    /// <summary>The payload for that entry (or for the first step).</summary>
    object? Payload { get; }
}
