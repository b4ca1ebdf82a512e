namespace FlowSdk.Generators.Model;

/// <summary>
/// The <c>[Flow]</c> attribute as declared. An optional property is null unless the user set it, so the emitted
/// attribute keeps the runtime's own default for everything else.
/// </summary>
/// <param name="Name">The flow's stable name.</param>
/// <param name="Capacity">The declared queue capacity, or null.</param>
/// <param name="MaxConcurrency">The declared concurrency, or null.</param>
/// <param name="Configuration">The declared per-instance configuration type, or null.</param>
internal sealed record FlowOptionsSpec(string Name, int? Capacity, int? MaxConcurrency, TypeRef? Configuration);
