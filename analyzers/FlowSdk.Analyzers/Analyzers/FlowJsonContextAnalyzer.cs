using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using FlowSdk.Generators.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace FlowSdk.Analyzers;

/// <summary>
/// Checks <c>[assembly: FlowJsonContext(typeof(T))]</c>, which the generated <c>AddFlows()</c> reads configuration types
/// with: it must name a usable <c>JsonSerializerContext</c> (FLOW018), and that context must list the configuration type
/// of every flow in the assembly (FLOW019), or instances could not be deployed.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class FlowJsonContextAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.InvalidJsonContext,
        DiagnosticDescriptors.ConfigurationNotInJsonContext);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var known = new KnownTypes(start.Compilation);
            var attributeType = start.Compilation.GetTypeByMetadataName("FlowSdk.FlowJsonContextAttribute");
            var applied = attributeType is null ? null : FlowAttributes.Find(start.Compilation.Assembly, attributeType);
            if (!known.HasFlowSdk || applied is null || applied.ConstructorArguments.Length != 1 || applied.ConstructorArguments[0].Value is not INamedTypeSymbol contextType)
            {
                return;
            }

            var location = applied.ApplicationSyntaxReference?.GetSyntax(start.CancellationToken) is AttributeSyntax { ArgumentList.Arguments.Count: > 0 } syntax
                ? syntax.ArgumentList.Arguments[0].GetLocation()
                : Location.None;
            if (JsonContextRules.WhyNotContext(contextType, start.Compilation) is { } reason)
            {
                start.RegisterCompilationEndAction(end => end.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.InvalidJsonContext, location, contextType.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat), reason)));
                return;
            }

            var listed = Listed(contextType, start.Compilation);
            start.RegisterSymbolAction(symbol => CheckFlow(symbol, known, contextType, listed), SymbolKind.NamedType);
        });
    }

    private static void CheckFlow(SymbolAnalysisContext context, KnownTypes known, INamedTypeSymbol contextType, HashSet<ITypeSymbol> listed)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        var flow = FlowAttributes.Find(type, known.FlowAttribute);
        var configuration = flow?.NamedArguments.FirstOrDefault(a => a.Key == "Configuration");
        if (flow is null || configuration?.Value.Value is not INamedTypeSymbol { TypeKind: TypeKind.Class } configurationType || listed.Contains(configurationType))
        {
            return;
        }

        var location = flow.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken) is AttributeSyntax syntax
            ? syntax.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == "Configuration")?.GetLocation() ?? syntax.GetLocation()
            : FlowParser.IdentifierLocation(type);
        var flowName = flow.ConstructorArguments.Length == 1 && flow.ConstructorArguments[0].Value is string name ? name : type.Name;
        context.ReportDiagnostic(Diagnostic.Create(
            DiagnosticDescriptors.ConfigurationNotInJsonContext,
            location,
            flowName,
            configurationType.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat),
            contextType.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat)));
    }

    /// <summary>The types the context lists with <c>[JsonSerializable(typeof(T))]</c>.</summary>
    private static HashSet<ITypeSymbol> Listed(INamedTypeSymbol context, Compilation compilation)
    {
        var serializable = compilation.GetTypeByMetadataName("System.Text.Json.Serialization.JsonSerializableAttribute");
        var listed = new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default);
        foreach (var attribute in context.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, serializable) &&
                attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is ITypeSymbol type)
            {
                listed.Add(type);
            }
        }

        return listed;
    }
}
