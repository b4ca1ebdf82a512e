using System.Linq;
using FlowSdk.Generators.Model;

namespace FlowSdk.Generators.Emit;

/// <summary>Emits the assembly's <c>services.AddFlows()</c>.</summary>
internal static class RegistrationEmitter
{
    /// <summary>When this type is referenced, <c>AddFlows()</c> also registers the trigger hosts.</summary>
    public const string HostingExtensions = "Microsoft.Extensions.DependencyInjection.FlowHostingServiceCollectionExtensions";

    /// <summary>When this type is referenced, <c>AddFlows()</c> also registers the flows' configuration types.</summary>
    public const string InstancesExtensions = "Microsoft.Extensions.DependencyInjection.InstanceServiceCollectionExtensions";

    public static string Emit(AssemblySpec assembly, ImmutableEquatableArray<RegistrationSpec> flows)
    {
        var w = GeneratedFile.Start();
        w.Open("namespace Microsoft.Extensions.DependencyInjection");
        w.Line($"/// <summary>Registers the flows of assembly '{Literal.InDocComment(assembly.AssemblyName)}'.</summary>");
        w.Line(GeneratedFile.GeneratedCode);
        w.Open($"public static class {ClassName(assembly.AssemblyName)}");
        w.Line("/// <summary>");
        w.Line(assembly.HasHosting
            ? "/// Registers every flow of this assembly, its trigger hosts and the FlowSdk runtime."
            : "/// Registers every flow of this assembly as a singleton with its <see cref=\"global::FlowSdk.FlowRegistration\"/>.");
        if (assembly.HasInstances && flows.Any(f => f.ConfigurationType is not null))
        {
            w.Line(assembly.JsonContext is { } context
                ? $"/// Instances of the flows that declare a configuration type read it with <see cref=\"{context.FullName}\"/>."
                : "/// Instances of the flows that declare a configuration type read it with reflection-based System.Text.Json (web defaults).");
        }

        w.Line("/// </summary>");
        w.Open("public static global::Microsoft.Extensions.DependencyInjection.IServiceCollection AddFlows(this global::Microsoft.Extensions.DependencyInjection.IServiceCollection services)");
        foreach (var flow in flows)
        {
            w.Line(flow.HasEntries
                ? $"global::Microsoft.Extensions.DependencyInjection.FlowServiceCollectionExtensions.AddFlow<{flow.FullyQualifiedName}, {flow.FullyQualifiedName}.FlowInput, {flow.OutputType.FullName}>(services, {flow.FullyQualifiedName}.Definition, {flow.FullyQualifiedName}.FlowInput.Entries);"
                : $"global::Microsoft.Extensions.DependencyInjection.FlowServiceCollectionExtensions.AddFlow<{flow.FullyQualifiedName}, {flow.PayloadType.FullName}, {flow.OutputType.FullName}>(services, {flow.FullyQualifiedName}.Definition);");
        }

        if (assembly.HasInstances)
        {
            foreach (var flow in flows)
            {
                WriteConfiguration(w, assembly, flow);
            }
        }

        if (assembly.HasHosting)
        {
            w.Line($"global::{HostingExtensions}.AddFlowHosting(services);");
        }

        w.Line("return services;");
        w.Close();
        w.Close();
        w.Close();
        return w.ToString();
    }

    /// <summary>
    /// Instances of a flow with <c>[Flow(Configuration = typeof(T))]</c> read <c>T</c> with the assembly's JSON context,
    /// or by reflection without one, and validate its DataAnnotations attributes when it has any.
    /// </summary>
    private static void WriteConfiguration(SourceWriter w, AssemblySpec assembly, RegistrationSpec flow)
    {
        if (flow.ConfigurationType is not { } config)
        {
            return;
        }

        var name = $"{flow.FullyQualifiedName}.Definition.Name";
        var json = assembly.JsonContext is { } context
            ? $"global::FlowSdk.Instances.InstanceConfigurationJson.FromContext<{config.TypeOfName}>({context.FullName}.Default, {name})"
            : $"global::FlowSdk.Instances.InstanceConfigurationJson.Reflection<{config.TypeOfName}>()";
        var validation = flow.ConfigurationHasDataAnnotations ? ".ValidateDataAnnotations()" : string.Empty;
        w.Line($"global::{InstancesExtensions}.AddInstanceConfiguration(services, {name}, {json}){validation};");
    }

    /// <summary>One class per assembly, named after it, so two assemblies' registrations never collide by type name.</summary>
    private static string ClassName(string assemblyName) =>
        new string(assemblyName.Select(c => char.IsLetterOrDigit(c) ? c : '_').ToArray()) + "FlowServiceCollectionExtensions";
}
