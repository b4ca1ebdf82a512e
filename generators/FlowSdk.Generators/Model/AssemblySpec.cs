namespace FlowSdk.Generators.Model;

/// <summary>What the registration emitter needs to know about the compilation.</summary>
/// <param name="AssemblyName">Names the generated extension class.</param>
/// <param name="HasFlowSdk">Whether FlowSdk is referenced at all.</param>
/// <param name="HasHosting">Whether FlowSdk.Hosting is referenced, so AddFlows also registers the trigger hosts.</param>
internal sealed record AssemblySpec(string AssemblyName, bool HasFlowSdk, bool HasHosting);
