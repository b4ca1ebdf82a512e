using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using FlowSdk.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace FlowSdk.Generators.Incremental;

/// <summary>
/// What one source file contributes to any flow's model: its text without the bodies of methods, constructors,
/// operators, accessors and expression-bodied members, and the classes it declares with attributes (the possible flows).
/// </summary>
/// <remarks>
/// A body can change no signature, attribute, constant or type relation, so an edit inside one leaves the shape equal
/// and no flow is parsed again. Whatever else changes (a signature, a field, a using, a directive) changes the hash.
/// </remarks>
/// <param name="FilePath">The file's path.</param>
/// <param name="Hash">A hash of the file's tokens outside bodies and its directives.</param>
/// <param name="Flows">The classes declared here with at least one attribute, once each.</param>
/// <param name="Names">
/// What this file adds to name lookup in every other file, one per line: its namespaces, the types it declares (kind,
/// modifiers, metadata name), global usings, extern aliases, assembly attributes and top-level statements. While no file's names change, an
/// edit can change only the models of the flows that depend on the edited file (<see cref="FlowDependencies"/>). Kept
/// as text: it is short, and a second hash per file would cost a clean build more than comparing it does.
/// </param>
/// <param name="Identifiers">
/// The identifiers this file's declarations use outside bodies, sorted, once each: a name some file starts or stops
/// declaring can change a binding here only if it is one of them (<see cref="ParseEnvironment.ChangedNames"/>).
/// </param>
internal sealed record SourceShape(string FilePath, string Hash, ImmutableEquatableArray<FlowCandidate> Flows, string Names, ImmutableEquatableArray<string> Identifiers)
{
    public static SourceShape Of(SyntaxTree tree, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        var names = new StringBuilder();
        var identifiers = new List<string>();
        var topLevel = false;
        var flows = new List<FlowCandidate>();
        foreach (var item in tree.GetRoot(cancellationToken).DescendantNodesAndTokens(static n => !IsBody(n)))
        {
            if (item.IsToken)
            {
                var token = item.AsToken();
                foreach (var trivia in token.LeadingTrivia)
                {
                    if (trivia.IsDirective)
                    {
                        text.Append(trivia.ToFullString()).Append('\n');
                    }
                }

                text.Append(token.Text).Append(' ');
                if (token.IsKind(SyntaxKind.IdentifierToken))
                {
                    identifiers.Add(token.ValueText);
                }

                continue;
            }

            var node = item.AsNode()!;
            if (IsBody(node))
            {
                text.Append(node is BlockSyntax ? "{body} " : "=>body ");
                continue;
            }

            if (node is GlobalStatementSyntax)
            {
                // Top-level statements declare the Program class: one line however many statements there are.
                topLevel = true;
            }
            else
            {
                AppendName(node, names);
            }

            if (node is ClassDeclarationSyntax { AttributeLists.Count: > 0 } declaration)
            {
                var candidate = new FlowCandidate(tree.FilePath, MetadataName(declaration));
                if (!flows.Contains(candidate))
                {
                    flows.Add(candidate);
                }
            }
        }

        if (topLevel)
        {
            names.Append(GlobalPrefix).Append("top-level statements\n");
        }

        return new SourceShape(
            tree.FilePath,
            ContentHash(text.ToString()),
            flows.ToImmutableEquatableArray(),
            names.ToString(),
            SortedOnce(identifiers));
    }

    private static ImmutableEquatableArray<string> SortedOnce(List<string> identifiers)
    {
        identifiers.Sort(StringComparer.Ordinal);
        var kept = 0;
        for (var i = 0; i < identifiers.Count; i++)
        {
            if (kept == 0 || !string.Equals(identifiers[kept - 1], identifiers[i], StringComparison.Ordinal))
            {
                identifiers[kept++] = identifiers[i];
            }
        }

        identifiers.RemoveRange(kept, identifiers.Count - kept);
        return identifiers.ToImmutableEquatableArray();
    }

    /// <summary>Starts a line of <see cref="Names"/> that declares a namespace.</summary>
    internal const string NamespacePrefix = "namespace ";

    /// <summary>Marks a line of <see cref="Names"/> that changes lookup in every file, whatever names it uses.</summary>
    internal const string GlobalPrefix = "global: ";

    /// <summary>Adds what <paramref name="node"/> declares for other files to find, if anything.</summary>
    private static void AppendName(SyntaxNode node, StringBuilder names)
    {
        switch (node)
        {
            case BaseNamespaceDeclarationSyntax ns:
                names.Append(NamespacePrefix).Append(string.Join(".", NameParts(ns.Name))).Append('\n');
                break;
            case BaseTypeDeclarationSyntax type:
                names.Append(type.Kind()).Append(' ').Append(type.Modifiers.ToString()).Append(' ').Append(MetadataName(type)).Append('\n');
                break;
            case DelegateDeclarationSyntax @delegate:
                names.Append("delegate ").Append(@delegate.Modifiers.ToString()).Append(' ').Append(MetadataName(@delegate)).Append('\n');
                break;
            case UsingDirectiveSyntax { GlobalKeyword.RawKind: not 0 } or ExternAliasDirectiveSyntax
                or AttributeListSyntax { Target: not null, Parent: CompilationUnitSyntax }:
                names.Append(GlobalPrefix).Append(node.WithoutTrivia().ToFullString()).Append('\n');
                break;
        }
    }

    /// <summary>A body whose tokens no declaration depends on; one holding a directive counts as shape.</summary>
    private static bool IsBody(SyntaxNode node) =>
        node is BlockSyntax or ArrowExpressionClauseSyntax &&
        node.Parent is BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or PropertyDeclarationSyntax or IndexerDeclarationSyntax &&
        !node.ContainsDirectives;

    /// <summary>The name <see cref="Compilation.GetTypeByMetadataName"/> takes: <c>Ns.Outer`1+Inner</c>.</summary>
    private static string MetadataName(MemberDeclarationSyntax declaration)
    {
        var name = declaration switch
        {
            TypeDeclarationSyntax type => Simple(type.Identifier, type.TypeParameterList),
            DelegateDeclarationSyntax @delegate => Simple(@delegate.Identifier, @delegate.TypeParameterList),
            EnumDeclarationSyntax @enum => @enum.Identifier.ValueText,
            _ => "",
        };
        for (var parent = declaration.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent is TypeDeclarationSyntax outer)
            {
                name = Simple(outer.Identifier, outer.TypeParameterList) + "+" + name;
            }
            else if (parent is BaseNamespaceDeclarationSyntax ns)
            {
                name = string.Join(".", NameParts(ns.Name)) + "." + name;
            }
        }

        return name;
    }

    private static string Simple(SyntaxToken identifier, TypeParameterListSyntax? parameters) =>
        parameters is { Parameters.Count: > 0 } list
            ? identifier.ValueText + "`" + list.Parameters.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : identifier.ValueText;

    private static IEnumerable<string> NameParts(NameSyntax name)
    {
        foreach (var token in name.DescendantTokens())
        {
            if (token.IsKind(SyntaxKind.IdentifierToken))
            {
                yield return token.ValueText;
            }
        }
    }

    /// <summary>A 128-bit content hash: two versions of one file with different shapes never compare equal by chance.</summary>
    private static string ContentHash(string text) => Convert.ToBase64String(SourceText.From(text).GetContentHash().ToArray());
}
