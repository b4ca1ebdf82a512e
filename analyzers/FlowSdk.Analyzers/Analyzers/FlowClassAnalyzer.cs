using System.Collections.Generic;
using System.Collections.Immutable;
using FlowSdk.Generators.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace FlowSdk.Analyzers;

/// <summary>
/// Reports everything the shared parser finds wrong with a <c>[Flow]</c> class (FLOW001–FLOW011, FLOW014, FLOW016, FLOW017, FLOW020–FLOW025). The generator
/// runs the same parser, so a class gets <c>RunAsync</c> exactly when this analyzer reports no error on it.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class FlowClassAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.NotPartial,
        DiagnosticDescriptors.InvalidFlowType,
        DiagnosticDescriptors.NoSteps,
        DiagnosticDescriptors.PayloadMismatch,
        DiagnosticDescriptors.UnsupportedSignature,
        DiagnosticDescriptors.InvalidFilterReturn,
        DiagnosticDescriptors.InvalidSplitReturn,
        DiagnosticDescriptors.SeveralStepAttributes,
        DiagnosticDescriptors.StepsInSeveralPartials,
        DiagnosticDescriptors.InvalidCron,
        DiagnosticDescriptors.TriggerPayloadMismatch,
        DiagnosticDescriptors.NoTrigger,
        DiagnosticDescriptors.InvalidConfigurationType,
        DiagnosticDescriptors.EmptyFlowName,
        DiagnosticDescriptors.InvalidWebhookSignature,
        DiagnosticDescriptors.UnknownEntry,
        DiagnosticDescriptors.InvalidEntryReturn,
        DiagnosticDescriptors.DuplicateEntryPayload,
        DiagnosticDescriptors.UnusedEntry,
        DiagnosticDescriptors.FileLocalFlow);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var known = new KnownTypes(start.Compilation);
            if (!known.HasFlowSdk)
            {
                return; // nothing can be a flow without the runtime
            }

            start.RegisterSymbolAction(symbol => AnalyzeType(symbol, known), SymbolKind.NamedType);
        });
    }

    private static void AnalyzeType(SymbolAnalysisContext context, KnownTypes known)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        if (!FlowAttributes.IsFlow(type, known))
        {
            return;
        }

        var diagnostics = new List<Diagnostic>();
        FlowParser.Parse(type, known, diagnostics, context.CancellationToken);
        foreach (var diagnostic in diagnostics)
        {
            context.ReportDiagnostic(diagnostic);
        }
    }
}
