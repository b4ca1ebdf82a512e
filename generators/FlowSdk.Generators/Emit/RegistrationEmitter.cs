using System.Linq;
using FlowSdk.Generators.Model;

namespace FlowSdk.Generators.Emit;

/// <summary>Emits the assembly's <c>services.AddFlows()</c>.</summary>
internal static class RegistrationEmitter
{
    /// <summary>When this type is referenced, <c>AddFlows()</c> also registers the trigger hosts.</summary>
    public const string HostingExtensions = "FlowSdk.Hosting.FlowHostingServiceCollectionExtensions";

    public static string Emit(AssemblySpec assembly, ImmutableEquatableArray<FlowSpec> flows)
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
        w.Line("/// </summary>");
        w.Open("public static global::Microsoft.Extensions.DependencyInjection.IServiceCollection AddFlows(this global::Microsoft.Extensions.DependencyInjection.IServiceCollection services)");
        foreach (var flow in flows)
        {
            w.Line($"global::FlowSdk.FlowServiceCollectionExtensions.AddFlow<{flow.FullyQualifiedName}, {flow.PayloadType.FullName}, {flow.OutputType.FullName}>(services, {flow.FullyQualifiedName}.Definition);");
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

    /// <summary>One class per assembly, named after it, so two assemblies' registrations never collide by type name.</summary>
    private static string ClassName(string assemblyName) =>
        new string(assemblyName.Select(c => char.IsLetterOrDigit(c) ? c : '_').ToArray()) + "FlowServiceCollectionExtensions";
}
