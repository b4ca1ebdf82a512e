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

/// <summary>FLOW008: keeps one of <c>[Step]</c>, <c>[Filter]</c>, <c>[Split]</c> on a method; one fix per kind the method carries.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(KeepOneStepAttributeCodeFix))]
[Shared]
public sealed class KeepOneStepAttributeCodeFix : CodeFixProvider
{
    /// <summary>The equivalence key of "keep [<paramref name="kind"/>]"; Fix All keeps the same kind everywhere.</summary>
    internal static string KeyFor(string kind) => "FLOW008.Keep" + kind;

    private static readonly string[] Kinds = { "Step", "Filter", "Split" };

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.SeveralStepAttributes);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(async (context, document, diagnostics) =>
    {
        var kind = Kinds.FirstOrDefault(k => KeyFor(k) == context.CodeActionEquivalenceKey);
        return kind is null ? document : await FixAsync(document, diagnostics, kind, context.CancellationToken).ConfigureAwait(false);
    });

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        var known = new KnownTypes(model.Compilation);
        foreach (var diagnostic in context.Diagnostics)
        {
            if (FindMethod(root, diagnostic) is not { } method)
            {
                continue;
            }

            foreach (var kind in StepAttributes(method, model, known).Select(a => a.Kind).Distinct())
            {
                var title = $"Keep only [{kind}]";
                context.RegisterCodeFix(
                    CodeAction.Create(title, ct => FixAsync(context.Document, ImmutableArray.Create(diagnostic), kind, ct), KeyFor(kind)),
                    diagnostic);
            }
        }
    }

    private static async Task<Document> FixAsync(Document document, ImmutableArray<Diagnostic> diagnostics, string kind, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return document;
        }

        var known = new KnownTypes(model.Compilation);
        var edits = new Dictionary<MethodDeclarationSyntax, MethodDeclarationSyntax>();
        foreach (var diagnostic in diagnostics)
        {
            if (FindMethod(root, diagnostic) is not { } method || edits.ContainsKey(method))
            {
                continue;
            }

            var attributes = StepAttributes(method, model, known);
            var keep = attributes.FirstOrDefault(a => a.Kind == kind).Syntax;
            if (keep is null)
            {
                continue; // this method does not carry the kind being kept everywhere
            }

            var remove = new HashSet<AttributeSyntax>(attributes.Select(a => a.Syntax).Where(a => a != keep));
            edits[method] = RemoveAttributes(method, remove);
        }

        return document.WithSyntaxRoot(root.ReplaceNodes(edits.Keys, (original, _) => edits[original]));
    }

    /// <summary>
    /// Drops <paramref name="remove"/>; an attribute list left empty goes too, and when it was the first list its leading
    /// trivia (indentation, doc comment) moves to the next one.
    /// </summary>
    private static MethodDeclarationSyntax RemoveAttributes(MethodDeclarationSyntax method, HashSet<AttributeSyntax> remove)
    {
        var lists = new List<AttributeListSyntax>();
        SyntaxTriviaList? carried = null;
        foreach (var list in method.AttributeLists)
        {
            var kept = list.Attributes.Where(a => !remove.Contains(a)).ToList();
            if (kept.Count == 0)
            {
                if (lists.Count == 0)
                {
                    carried ??= list.GetLeadingTrivia();
                }

                continue;
            }

            var newList = kept.Count == list.Attributes.Count ? list : list.WithAttributes(SyntaxFactory.SeparatedList(kept));
            if (carried is { } leading)
            {
                newList = newList.WithLeadingTrivia(leading);
                carried = null;
            }

            lists.Add(newList);
        }

        return method.WithAttributeLists(SyntaxFactory.List(lists));
    }

    private static MethodDeclarationSyntax? FindMethod(SyntaxNode root, Diagnostic diagnostic) =>
        root.FindToken(diagnostic.Location.SourceSpan.Start).Parent?.FirstAncestorOrSelf<MethodDeclarationSyntax>();

    private static List<(string Kind, AttributeSyntax Syntax)> StepAttributes(MethodDeclarationSyntax method, SemanticModel model, KnownTypes known)
    {
        var result = new List<(string, AttributeSyntax)>();
        foreach (var attribute in method.AttributeLists.SelectMany(l => l.Attributes))
        {
            var type = (model.GetSymbolInfo(attribute).Symbol as IMethodSymbol)?.ContainingType;
            var kind = KnownTypes.Is(type, known.StepAttribute) ? "Step"
                : KnownTypes.Is(type, known.FilterAttribute) ? "Filter"
                : KnownTypes.Is(type, known.SplitAttribute) ? "Split"
                : null;
            if (kind is not null)
            {
                result.Add((kind, attribute));
            }
        }

        return result;
    }
}
