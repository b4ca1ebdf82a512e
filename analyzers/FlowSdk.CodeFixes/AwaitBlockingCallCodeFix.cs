using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using FlowSdk.Analyzers;
using FlowSdk.Generators.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace FlowSdk.CodeFixes;

/// <summary>
/// FLOW015: makes the step async and awaits the task instead of blocking on it. A step returning <c>T</c> becomes
/// <c>async ValueTask&lt;T&gt;</c> (a <c>void</c> one <c>async ValueTask</c>), which the flow unwraps, so the payload chain is
/// unchanged.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AwaitBlockingCallCodeFix))]
[Shared]
public sealed class AwaitBlockingCallCodeFix : CodeFixProvider
{
    private const string Title = "Make the step async and await the task";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.BlockingCall);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create((context, document, diagnostics) => FixAsync(document, diagnostics, context.CancellationToken));

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (Plan(root, model, diagnostic, context.CancellationToken) is not null)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(Title, ct => FixAsync(context.Document, ImmutableArray.Create(diagnostic), ct)!, Title),
                    diagnostic);
            }
        }
    }

    /// <summary>One blocking call to replace: the call, the task it blocks on, and the step it sits in.</summary>
    private sealed record Edit(MethodDeclarationSyntax Method, ExpressionSyntax Call, ExpressionSyntax Task);

    private static async Task<Document?> FixAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return document;
        }

        var edits = diagnostics.Select(d => Plan(root, model, d, cancellationToken)).OfType<Edit>().ToList();
        var methods = edits.GroupBy(e => e.Method).ToDictionary(g => g.Key, g => g.ToList());
        var newRoot = root.ReplaceNodes(methods.Keys, (original, _) => Rewrite(original, methods[original], model, cancellationToken));
        return document.WithSyntaxRoot(newRoot);
    }

    private static MethodDeclarationSyntax Rewrite(MethodDeclarationSyntax method, List<Edit> edits, SemanticModel model, CancellationToken cancellationToken)
    {
        var calls = edits.ToDictionary(e => (SyntaxNode)e.Call, e => e.Task);
        var rewritten = method.ReplaceNodes(calls.Keys, (original, _) =>
        {
            ExpressionSyntax awaited = SyntaxFactory.AwaitExpression(calls[original].WithoutTrivia());
            if (NeedsParentheses(original))
            {
                awaited = SyntaxFactory.ParenthesizedExpression(awaited);
            }

            return awaited.WithTriviaFrom(original);
        });

        if (method.Modifiers.Any(SyntaxKind.AsyncKeyword))
        {
            return rewritten;
        }

        // A non-async step returns a plain value or void here (Plan ruled out the rest): wrap it in ValueTask.
        var valueTask = SyntaxHelpers.IsInScope(model, method.SpanStart, "ValueTask", model.Compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask"))
            ? "ValueTask"
            : "global::System.Threading.Tasks.ValueTask";
        var returnType = rewritten.ReturnType;
        var isVoid = returnType is PredefinedTypeSyntax predefined && predefined.Keyword.IsKind(SyntaxKind.VoidKeyword);
        var newReturnType = SyntaxFactory.ParseTypeName(isVoid ? valueTask : $"{valueTask}<{returnType.WithoutTrivia().ToFullString()}>");
        newReturnType = newReturnType.WithTriviaFrom(returnType);
        var (modifiers, _) = SyntaxHelpers.AppendModifier(rewritten.Modifiers, newReturnType.GetFirstToken(), SyntaxKind.AsyncKeyword);
        if (rewritten.Modifiers.Count == 0)
        {
            newReturnType = newReturnType.WithLeadingTrivia();
        }

        cancellationToken.ThrowIfCancellationRequested();
        return rewritten.WithModifiers(modifiers).WithReturnType(newReturnType);
    }

    /// <summary>Finds what to rewrite for <paramref name="diagnostic"/>, or null when the fix would not compile or would change behaviour.</summary>
    private static Edit? Plan(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) as ExpressionSyntax;
        var task = node switch
        {
            // task.Result
            MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Result" } access => access.Expression,

            // task.Wait(): only the overload without arguments; the others return bool or take a timeout.
            InvocationExpressionSyntax { ArgumentList.Arguments.Count: 0, Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Wait" } wait } => wait.Expression,

            // task.GetAwaiter().GetResult()
            InvocationExpressionSyntax
            {
                Expression: MemberAccessExpressionSyntax
                {
                    Name.Identifier.ValueText: "GetResult",
                    Expression: InvocationExpressionSyntax { ArgumentList.Arguments.Count: 0, Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "GetAwaiter" } getAwaiter },
                },
            } => getAwaiter.Expression,
            _ => null,
        };
        if (node is null || task is null)
        {
            return null;
        }

        // An await inside a lambda or local function would need that function to be async instead.
        var function = node.Ancestors().FirstOrDefault(a => a is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or MethodDeclarationSyntax);
        if (function is not MethodDeclarationSyntax method || node.Ancestors().Any(a => a is LockStatementSyntax or QueryExpressionSyntax))
        {
            return null;
        }

        if (method.Modifiers.Any(SyntaxKind.AsyncKeyword))
        {
            return new Edit(method, node, task);
        }

        if (model.GetDeclaredSymbol(method, cancellationToken) is not { } symbol || !CanBecomeAsync(method, symbol, model.Compilation))
        {
            return null;
        }

        return new Edit(method, node, task);
    }

    /// <summary>Steps already returning a task or a sequence, iterators and splits keep their shape: wrapping them would change the flow.</summary>
    private static bool CanBecomeAsync(MethodDeclarationSyntax method, IMethodSymbol symbol, Compilation compilation)
    {
        if (symbol.ReturnsByRef || symbol.ReturnsByRefReadonly || method.DescendantNodes().Any(n => n is YieldStatementSyntax))
        {
            return false;
        }

        var known = new KnownTypes(compilation);
        var type = symbol.ReturnType;
        if (KnownTypes.Is(type, known.Task) || KnownTypes.Is(type, known.TaskOfT) || KnownTypes.Is(type, known.ValueTask) ||
            KnownTypes.Is(type, known.ValueTaskOfT) || KnownTypes.Is(type, known.IAsyncEnumerableOfT))
        {
            return false;
        }

        return !symbol.GetAttributes().Any(a => KnownTypes.Is(a.AttributeClass, known.SplitAttribute));
    }

    /// <summary>An await binds looser than member access, element access and invocation, so those need parentheses.</summary>
    private static bool NeedsParentheses(SyntaxNode call) => call.Parent switch
    {
        MemberAccessExpressionSyntax access => access.Expression == call,
        ConditionalAccessExpressionSyntax conditional => conditional.Expression == call,
        ElementAccessExpressionSyntax element => element.Expression == call,
        InvocationExpressionSyntax invocation => invocation.Expression == call,
        PostfixUnaryExpressionSyntax => true,
        _ => false,
    };
}
