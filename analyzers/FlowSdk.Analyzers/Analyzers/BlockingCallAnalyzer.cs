using System.Collections.Immutable;
using FlowSdk.Generators.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

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

            // Only bodies of flow classes are looked at, and only member accesses whose name could block are bound: the
            // names are compared as text first, so the rest of a large project costs a string comparison per access.
            start.RegisterSymbolStartAction(
                symbolStart =>
                {
                    if (!FlowAttributes.IsFlow((INamedTypeSymbol)symbolStart.Symbol, known))
                    {
                        return;
                    }

                    symbolStart.RegisterSyntaxNodeAction(node => AnalyzeMemberAccess(node, known, awaiters), SyntaxKind.SimpleMemberAccessExpression);
                },
                SymbolKind.NamedType);
        });
    }

    private static void AnalyzeMemberAccess(SyntaxNodeAnalysisContext context, KnownTypes known, TaskTypes awaiters)
    {
        var access = (MemberAccessExpressionSyntax)context.Node;
        switch (access.Name.Identifier.ValueText)
        {
            case "Result":
                if (context.SemanticModel.GetSymbolInfo(access, context.CancellationToken).Symbol is IPropertySymbol { IsStatic: false } property &&
                    (KnownTypes.Is(property.ContainingType, known.TaskOfT) || KnownTypes.Is(property.ContainingType, known.ValueTaskOfT)))
                {
                    Report(context, access, known, ResultCall);
                }

                break;

            case "Wait":
                if (Invoked(context, access) is { } wait &&
                    (KnownTypes.Is(wait.Method.ContainingType, known.Task) || KnownTypes.Is(wait.Method.ContainingType, known.TaskOfT)))
                {
                    Report(context, wait.Invocation, known, WaitCall);
                }

                break;

            case "GetResult":
                if (Invoked(context, access) is { } getResult && awaiters.IsAwaiter(getResult.Method.ContainingType))
                {
                    Report(context, getResult.Invocation, known, GetResultCall);
                }

                break;
        }
    }

    /// <summary>The instance method <paramref name="access"/> calls, with the call, when it is called.</summary>
    private static (InvocationExpressionSyntax Invocation, IMethodSymbol Method)? Invoked(SyntaxNodeAnalysisContext context, MemberAccessExpressionSyntax access)
    {
        if (access.Parent is InvocationExpressionSyntax invocation && invocation.Expression == access &&
            context.SemanticModel.GetSymbolInfo(invocation, context.CancellationToken).Symbol is IMethodSymbol { IsStatic: false } method)
        {
            return (invocation, method);
        }

        return null;
    }

    private static void Report(SyntaxNodeAnalysisContext context, SyntaxNode call, KnownTypes known, string text)
    {
        if (context.ContainingSymbol is not IMethodSymbol step || !FlowAttributes.IsStep(step, known))
        {
            return;
        }

        var properties = ImmutableDictionary<string, string?>.Empty.Add(CallKey, text);
        context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.BlockingCall, call.GetLocation(), properties, step.Name, text));
    }
}
