using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace FlowSdk.CodeFixes;

/// <summary>Small syntax edits the fixes share.</summary>
internal static class SyntaxHelpers
{
    /// <summary>Adds <paramref name="keyword"/> as the last modifier, taking over the declaration's leading trivia when it has no modifiers.</summary>
    public static (SyntaxTokenList Modifiers, SyntaxToken NextToken) AppendModifier(SyntaxTokenList modifiers, SyntaxToken next, SyntaxKind keyword)
    {
        var token = SyntaxFactory.Token(keyword).WithTrailingTrivia(SyntaxFactory.Space);
        if (modifiers.Count == 0)
        {
            return (SyntaxFactory.TokenList(token.WithLeadingTrivia(next.LeadingTrivia)), next.WithLeadingTrivia());
        }

        return (modifiers.Add(token), next);
    }

    /// <summary>The indentation at the end of a leading trivia list, without comments or doc comments before it.</summary>
    public static SyntaxTriviaList Indentation(SyntaxTriviaList leading) =>
        SyntaxFactory.TriviaList(leading.Reverse().TakeWhile(t => t.IsKind(SyntaxKind.WhitespaceTrivia)).Reverse());

    /// <summary>Whether <paramref name="name"/> names <paramref name="type"/> without qualification at <paramref name="position"/>.</summary>
    public static bool IsInScope(SemanticModel model, int position, string name, INamedTypeSymbol? type) =>
        type is not null && model.LookupNamespacesAndTypes(position, name: name).Any(s => SymbolEqualityComparer.Default.Equals(s, type));
}
