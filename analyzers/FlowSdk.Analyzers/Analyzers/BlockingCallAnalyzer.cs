using System.Collections.Immutable;
using FlowSdk.Generators.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace FlowSdk.Analyzers;

/// <summary>
/// Reports a step that blocks on a task (FLOW015): a blocked step holds a host worker, and a flow runs a bounded number
/// of executions at once, so one slow call stalls the whole flow.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class BlockingCallAnalyzer : DiagnosticAnalyzer
{
    /// <summary>The property bag key carrying which call blocked, for the code fix.</summary>
    internal const string CallKey = "Call";

    internal const string ResultCall = ".Result";
    internal const string WaitCall = ".Wait()";
    internal const string GetResultCall = ".GetAwaiter().GetResult()";

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.BlockingCall);

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
                return;
            }

            var awaiters = new TaskTypes(start.Compilation);

            // Only bodies of flow classes are walked: a symbol-start action scopes the operation actions to the type.
            start.RegisterSymbolStartAction(
                symbolStart =>
                {
                    if (!FlowAttributes.IsFlow((INamedTypeSymbol)symbolStart.Symbol, known))
                    {
                        return;
                    }

                    symbolStart.RegisterOperationAction(op => AnalyzePropertyReference(op, known), OperationKind.PropertyReference);
                    symbolStart.RegisterOperationAction(op => AnalyzeInvocation(op, known, awaiters), OperationKind.Invocation);
                },
                SymbolKind.NamedType);
        });
    }

    private static void AnalyzePropertyReference(OperationAnalysisContext context, KnownTypes known)
    {
        var reference = (IPropertyReferenceOperation)context.Operation;
        if (reference.Property.Name != "Result" || reference.Instance is null)
        {
            return;
        }

        var owner = reference.Property.ContainingType;
        if (KnownTypes.Is(owner, known.TaskOfT) || KnownTypes.Is(owner, known.ValueTaskOfT))
        {
            Report(context, known, ResultCall);
        }
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, KnownTypes known, TaskTypes awaiters)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        if (method.IsStatic || invocation.Instance is null)
        {
            return;
        }

        if (method.Name == "Wait" && (KnownTypes.Is(method.ContainingType, known.Task) || KnownTypes.Is(method.ContainingType, known.TaskOfT)))
        {
            Report(context, known, WaitCall);
        }
        else if (method.Name == "GetResult" && awaiters.IsAwaiter(method.ContainingType))
        {
            Report(context, known, GetResultCall);
        }
    }

    private static void Report(OperationAnalysisContext context, KnownTypes known, string call)
    {
        if (context.ContainingSymbol is not IMethodSymbol step || !FlowAttributes.IsStep(step, known))
        {
            return;
        }

        var properties = ImmutableDictionary<string, string?>.Empty.Add(CallKey, call);
        context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.BlockingCall, context.Operation.Syntax.GetLocation(), properties, step.Name, call));
    }
}
