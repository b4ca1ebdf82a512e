using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using FlowSdk.Generators.Emit;
using FlowSdk.Generators.Incremental;
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
        /// <summary>Each source file's <see cref="SourceShape"/>.</summary>
        public const string Sources = nameof(Sources);

        /// <summary>The <see cref="CompilationShape"/> every flow is parsed against.</summary>
        public const string Shape = "CompilationShape";

        /// <summary>Each candidate class parsed against the compilation: a <see cref="FlowSpec"/>, or null.</summary>
        public const string Parse = nameof(Parse);

        /// <summary>Each flow's <see cref="FlowSpec"/>, the input of its generated file.</summary>
        public const string Flows = nameof(Flows);

        /// <summary>Each registrable flow's <see cref="RegistrationSpec"/>, the input of <c>AddFlows()</c>.</summary>
        public const string Registrations = nameof(Registrations);

        public const string Assembly = nameof(Assembly);
    }

    private ParseMemo? _memo;

    /// <summary>How many flow candidates the last pipeline initialized parsed in a compilation (the rest came from its memo).</summary>
    internal int FlowsParsed => _memo?.Parsed ?? 0;

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        // Parsing a flow binds its members in the new compilation, which costs as much after an edit as on a clean build.
        // So flows are parsed only when some file's shape changed, not for an edit inside a body (see SourceShape), and
        // then only those that depend on a changed file, unless a file's declared names changed (see ParseMemo).
        var memo = new ParseMemo();
        _memo = memo;
        var sources = context.SyntaxProvider
            .CreateSyntaxProvider(static (node, _) => node is CompilationUnitSyntax, static (ctx, _) => ctx.Node.SyntaxTree)
            .Select(static (tree, ct) => SourceShape.Of(tree, ct))
            .WithTrackingName(Steps.Sources);

        var compilation = context.CompilationProvider
            .Combine(sources.Collect())
            .Combine(context.ParseOptionsProvider)
            .Select(static (input, _) => new CompilationShape(input.Left.Left, input.Left.Right, input.Right))
            .WithTrackingName(Steps.Shape);

        var flows = sources
            .SelectMany(static (source, _) => source.Flows)
            .Combine(compilation)
            .Select((input, ct) => memo.Get(input.Left, input.Right, (candidate, shape) => Parse(candidate, shape.Compilation, ct)))
            .WithTrackingName(Steps.Parse)
            .Where(static spec => spec is not null)
            .Select(static (spec, _) => spec!)
            .WithTrackingName(Steps.Flows);

        var assembly = compilation
            .Select(static (shape, _) => new AssemblySpec(
                shape.Compilation.AssemblyName ?? "Flows",
                shape.Compilation.GetTypeByMetadataName("FlowSdk.FlowAttribute") is not null,
                shape.Compilation.GetTypeByMetadataName(RegistrationEmitter.HostingExtensions) is not null,
                shape.Compilation.GetTypeByMetadataName(RegistrationEmitter.InstancesExtensions) is not null,
                JsonContext(shape.Compilation)))
            .WithTrackingName(Steps.Assembly);

        context.RegisterSourceOutput(flows, static (spc, flow) =>
            spc.AddSource(flow.HintName, FlowEmitter.Emit(flow)));

        var registrations = flows
            .Where(static flow => flow.IsRegistrable)
            .Select(static (flow, _) => RegistrationSpec.Of(flow))
            .WithTrackingName(Steps.Registrations);

        context.RegisterSourceOutput(registrations.Collect().Combine(assembly), static (spc, input) =>
        {
            var (all, assemblySpec) = input;
            if (assemblySpec.HasFlowSdk)
            {
                spc.AddSource("FlowRegistrations.g.cs", RegistrationEmitter.Emit(assemblySpec, Sorted(all)));
            }
        });
    }

    /// <summary>
    /// The flow <paramref name="candidate"/> names, or null, and the files that answer depends on (null: not known, so
    /// not to be kept). A class declared in several files is parsed from the file that applies <c>[Flow]</c>, so it is
    /// generated once.
    /// </summary>
    private static (FlowSpec? Spec, string[]? Files) Parse(FlowCandidate candidate, Compilation compilation, CancellationToken cancellationToken)
    {
        var known = KnownTypes.For(compilation);
        var type = compilation.Assembly.GetTypeByMetadataName(candidate.MetadataName);
        if (type is null || !known.HasFlowSdk)
        {
            return (null, null);
        }

        // Not a flow here: that depends only on the class's own declarations (and on the names every file declares).
        var flow = type.GetAttributes().FirstOrDefault(a => KnownTypes.Is(a.AttributeClass, known.FlowAttribute));
        return flow?.ApplicationSyntaxReference?.SyntaxTree.FilePath == candidate.FilePath
            ? (FlowParser.Parse(type, known, diagnostics: null, cancellationToken), FlowDependencies.Of(type, compilation, cancellationToken))
            : (null, type.DeclaringSyntaxReferences.Select(r => r.SyntaxTree.FilePath).Distinct().ToArray());
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

    private static ImmutableEquatableArray<RegistrationSpec> Sorted(ImmutableArray<RegistrationSpec> flows) =>
        flows.OrderBy(f => f.FullyQualifiedName, System.StringComparer.Ordinal).ToImmutableEquatableArray();
}
