using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using FlowSdk.Generators.Emit;
using FlowSdk.Generators.Model;
using FlowSdk.Generators.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace FlowSdk.Generators;

/// <summary>
/// Turns every valid <c>[Flow]</c> class into a typed pipeline (<c>RunAsync</c>) and emits one <c>AddFlows()</c> per
/// assembly. Invalid flows produce nothing: the analyzers report why.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class FlowGenerator : IIncrementalGenerator
{
    /// <summary>Tracking names for incrementality tests.</summary>
    internal static class Steps
    {
        public const string Flows = nameof(Flows);
        public const string Assembly = nameof(Assembly);
    }

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var flows = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                "FlowSdk.FlowAttribute",
                static (node, _) => node is ClassDeclarationSyntax,
                static (ctx, ct) => ctx.TargetSymbol is INamedTypeSymbol type
                    ? FlowParser.Parse(type, KnownTypes.For(ctx.SemanticModel.Compilation), diagnostics: null, ct)
                    : null)
            .Where(static spec => spec is not null)
            .Select(static (spec, _) => spec!)
            .WithTrackingName(Steps.Flows);

        var assembly = context.CompilationProvider
            .Select(static (compilation, _) => new AssemblySpec(
                compilation.AssemblyName ?? "Flows",
                compilation.GetTypeByMetadataName("FlowSdk.FlowAttribute") is not null,
                compilation.GetTypeByMetadataName(RegistrationEmitter.HostingExtensions) is not null,
                compilation.GetTypeByMetadataName(RegistrationEmitter.InstancesExtensions) is not null,
                JsonContext(compilation)))
            .WithTrackingName(Steps.Assembly);

        context.RegisterSourceOutput(flows, static (spc, flow) =>
            spc.AddSource(flow.HintName, FlowEmitter.Emit(flow)));

        context.RegisterSourceOutput(flows.Collect().Combine(assembly), static (spc, input) =>
        {
            var (all, assemblySpec) = input;
            if (assemblySpec.HasFlowSdk)
            {
                spc.AddSource("FlowRegistrations.g.cs", RegistrationEmitter.Emit(assemblySpec, Registrable(all)));
            }
        });
    }

    /// <summary>The context named by <c>[assembly: FlowJsonContext(typeof(T))]</c>, or null.</summary>
    private static TypeRef? JsonContext(Compilation compilation)
    {
        var attribute = compilation.GetTypeByMetadataName("FlowSdk.FlowJsonContextAttribute");
        var applied = attribute is null ? null : compilation.Assembly.GetAttributes().FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, attribute));
        return applied is { ConstructorArguments.Length: 1 } && applied.ConstructorArguments[0].Value is INamedTypeSymbol { TypeKind: TypeKind.Class } context &&
            JsonContextRules.WhyNotContext(context, compilation) is null
            ? new TypeRef(context.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat), context.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat))
            : null;
    }

    private static ImmutableEquatableArray<FlowSpec> Registrable(ImmutableArray<FlowSpec> flows) =>
        flows.Where(f => f.IsRegistrable).OrderBy(f => f.FullyQualifiedName, System.StringComparer.Ordinal).ToImmutableEquatableArray();
}
