namespace FlowSdk.Generators.Model;

/// <summary>What the registration emitter needs to know about the compilation.</summary>
/// <param name="AssemblyName">Names the generated extension class.</param>
/// <param name="HasFlowSdk">Whether FlowSdk is referenced at all.</param>
/// <param name="HasHosting">Whether FlowSdk.Hosting is referenced, so AddFlows also registers the trigger hosts.</param>
/// <param name="HasInstances">Whether FlowSdk.Instances is referenced, so AddFlows also registers the flows' configuration types.</param>
/// <param name="JsonContext">The assembly's <c>[assembly: FlowJsonContext(typeof(T))]</c>, or null: configuration is read by reflection.</param>
internal sealed record AssemblySpec(string AssemblyName, bool HasFlowSdk, bool HasHosting, bool HasInstances = false, TypeRef? JsonContext = null);
