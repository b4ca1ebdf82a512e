using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using FlowSdk.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace FlowSdk.CodeFixes;

/// <summary>FLOW021: a trigger names a method of the flow that is not marked <c>[Entry]</c>; marks it.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MarkEntryCodeFix))]
[Shared]
public sealed class MarkEntryCodeFix : CodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.UnknownEntry);

    /// <inheritdoc/>
    public override FixAllProvider? GetFixAllProvider() => null;

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
            if (FindMethod(root, model, diagnostic, context.CancellationToken) is not { } method)
            {
                continue; // no method of that name: nothing obvious to mark
            }

            var title = $"Mark '{method.Identifier.ValueText}' [Entry]";
            context.RegisterCodeFix(CodeAction.Create(title, ct => MarkAsync(context.Document, root, model, method, ct), title), diagnostic);
        }
    }

    /// <summary>The method the <c>Entry = ...</c> argument names, declared in the flow's own source.</summary>
    private static MethodDeclarationSyntax? FindMethod(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var argument = root.FindNode(diagnostic.Location.SourceSpan).FirstAncestorOrSelf<AttributeArgumentSyntax>();
        var flow = argument?.FirstAncestorOrSelf<TypeDeclarationSyntax>();
        if (argument is null || flow is null || model.GetDeclaredSymbol(flow, cancellationToken) is not INamedTypeSymbol type)
        {
            return null;
        }

        var name = model.GetConstantValue(argument.Expression, cancellationToken).Value as string;
        return type.GetMembers(name ?? string.Empty).OfType<IMethodSymbol>()
            .SelectMany(m => m.DeclaringSyntaxReferences)
            .Select(r => r.GetSyntax(cancellationToken))
            .OfType<MethodDeclarationSyntax>()
            .FirstOrDefault(m => m.SyntaxTree == root.SyntaxTree);
    }

    private static Task<Document> MarkAsync(Document document, SyntaxNode root, SemanticModel model, MethodDeclarationSyntax method, CancellationToken cancellationToken)
    {
        _ = cancellationToken;
        var entry = model.Compilation.GetTypeByMetadataName("FlowSdk.EntryAttribute");
        var name = SyntaxHelpers.IsInScope(model, method.SpanStart, "EntryAttribute", entry) ? "Entry" : "global::FlowSdk.Entry";
        var leading = method.GetLeadingTrivia();
        var endOfLine = root.DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
        var list = SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Attribute(SyntaxFactory.ParseName(name))))
            .NormalizeWhitespace()
            .WithLeadingTrivia(leading) // doc comments stay above the new attribute
            .WithTrailingTrivia(endOfLine.IsKind(SyntaxKind.EndOfLineTrivia) ? endOfLine : SyntaxFactory.LineFeed);
        var stripped = method.WithLeadingTrivia(SyntaxHelpers.Indentation(leading));
        var marked = stripped.WithAttributeLists(stripped.AttributeLists.Insert(0, list));
        return Task.FromResult(document.WithSyntaxRoot(root.ReplaceNode(method, marked)));
    }
}
