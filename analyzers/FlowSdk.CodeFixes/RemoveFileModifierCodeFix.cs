using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using FlowSdk.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace FlowSdk.CodeFixes;

/// <summary>
/// FLOW025: removes the <c>file</c> modifier from the flow class, or from the file-local type it is nested in, so the
/// generated code can reach it. The type becomes internal, as a type without an access modifier is.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RemoveFileModifierCodeFix))]
[Shared]
public sealed class RemoveFileModifierCodeFix : CodeFixProvider
{
    private const string Title = "Remove the 'file' modifier";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.FileLocalFlow);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create((context, document, diagnostics) => FixAsync(document, diagnostics, context.CancellationToken));

    /// <inheritdoc/>
    public override Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            context.RegisterCodeFix(
                CodeAction.Create(Title, ct => FixAsync(context.Document, ImmutableArray.Create(diagnostic), ct)!, Title),
                diagnostic);
        }

        return Task.CompletedTask;
    }

    private static async Task<Document?> FixAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return document;
        }

        // Every partial declaration of the file-local type sits in this file, and each carries the modifier.
        var declarations = new HashSet<TypeDeclarationSyntax>();
        foreach (var diagnostic in diagnostics)
        {
            var flow = root.FindToken(diagnostic.Location.SourceSpan.Start).Parent?.FirstAncestorOrSelf<TypeDeclarationSyntax>();
            var type = flow is null ? null : model.GetDeclaredSymbol(flow, cancellationToken);
            while (type is not null && !type.IsFileLocal)
            {
                type = type.ContainingType;
            }

            foreach (var reference in type?.DeclaringSyntaxReferences ?? ImmutableArray<SyntaxReference>.Empty)
            {
                if (reference.SyntaxTree == root.SyntaxTree && reference.GetSyntax(cancellationToken) is TypeDeclarationSyntax declaration)
                {
                    declarations.Add(declaration);
                }
            }
        }

        return document.WithSyntaxRoot(root.ReplaceNodes(declarations, (_, rewritten) => WithoutFile(rewritten)));
    }

    private static TypeDeclarationSyntax WithoutFile(TypeDeclarationSyntax declaration)
    {
        var index = declaration.Modifiers.IndexOf(SyntaxKind.FileKeyword);
        if (index < 0)
        {
            return declaration;
        }

        var file = declaration.Modifiers[index];
        var modifiers = declaration.Modifiers.RemoveAt(index);
        if (index > 0)
        {
            return declaration.WithModifiers(modifiers);
        }

        // The declaration's indentation sat on 'file': the next modifier, or the keyword, takes it over.
        return modifiers.Count > 0
            ? declaration.WithModifiers(modifiers.Replace(modifiers[0], modifiers[0].WithLeadingTrivia(file.LeadingTrivia)))
            : declaration.WithModifiers(modifiers).WithKeyword(declaration.Keyword.WithLeadingTrivia(file.LeadingTrivia));
    }
}
