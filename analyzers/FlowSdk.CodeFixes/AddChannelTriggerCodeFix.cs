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

/// <summary>FLOW014: gives a flow without a trigger an in-process <c>[ChannelTrigger]</c>, the one trigger that fits any payload.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddChannelTriggerCodeFix))]
[Shared]
public sealed class AddChannelTriggerCodeFix : CodeFixProvider
{
    private const string Title = "Add [ChannelTrigger]";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.NoTrigger);

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

        var trigger = model.Compilation.GetTypeByMetadataName("FlowSdk.ChannelTriggerAttribute");
        var declarations = diagnostics
            .Select(d => root.FindToken(d.Location.SourceSpan.Start).Parent?.FirstAncestorOrSelf<TypeDeclarationSyntax>())
            .OfType<TypeDeclarationSyntax>()
            .Where(d => d.AttributeLists.Count > 0)
            .Distinct()
            .ToList();

        var newRoot = root.ReplaceNodes(declarations, (original, rewritten) =>
        {
            var name = SyntaxHelpers.IsInScope(model, original.SpanStart, "ChannelTriggerAttribute", trigger)
                ? "ChannelTrigger"
                : "global::FlowSdk.ChannelTrigger";

            // The new attribute goes on its own line below the last one, or beside it when the attributes share a line.
            var last = rewritten.AttributeLists[rewritten.AttributeLists.Count - 1];
            var ownLine = last.GetTrailingTrivia().Any(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
            var list = SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Attribute(SyntaxFactory.ParseName(name))))
                .NormalizeWhitespace() // no elastic trivia, so formatting leaves the user's layout alone
                .WithLeadingTrivia(ownLine ? SyntaxHelpers.Indentation(last.GetLeadingTrivia()) : default)
                .WithTrailingTrivia(last.GetTrailingTrivia());
            return rewritten.WithAttributeLists(rewritten.AttributeLists.Add(list));
        });
        return document.WithSyntaxRoot(newRoot);
    }
}
