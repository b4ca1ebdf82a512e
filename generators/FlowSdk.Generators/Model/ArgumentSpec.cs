namespace FlowSdk.Generators.Model;

/// <summary>One parameter of a step: what the generated code passes for it.</summary>
/// <remarks>A record rather than the bare enum: enums do not implement <see cref="System.IEquatable{T}"/>.</remarks>
internal sealed record ArgumentSpec(ArgumentKind Kind);

/// <summary>What the generated code passes for a step parameter.</summary>
internal enum ArgumentKind
{
    Payload,
    Context,
    CancellationToken,

    /// <summary>The flow's declared configuration type: the instance's configuration.</summary>
    Configuration,
}
