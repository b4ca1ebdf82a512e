using System.Linq;
using Microsoft.CodeAnalysis.CSharp;

namespace FlowSdk.Generators.Emit;

/// <summary>
/// Names from the user's code spelled as C# code. The model keeps names as declared, without <c>@</c> (that is how they
/// appear in strings: step names, failures); the emitter escapes them here where it writes them as identifiers.
/// </summary>
internal static class Identifier
{
    /// <summary>
    /// A method or namespace name: a reserved keyword takes <c>@</c>, and so does <c>await</c>, which is reserved inside
    /// the async continuations that call steps. Other contextual keywords (<c>async</c>, <c>var</c>, <c>record</c>...)
    /// are identifiers after a dot and stay as written.
    /// </summary>
    public static string Member(string name) =>
        SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(name) == SyntaxKind.AwaitKeyword
            ? "@" + name
            : name;

    /// <summary>
    /// A type's simple name, where a partial declaration or a static call spells it: every keyword takes <c>@</c>, since
    /// some contextual ones cannot name a type unescaped (<c>record</c>, <c>required</c>, <c>file</c>, <c>scoped</c>)
    /// and <c>await</c> cannot start an expression in an async method.
    /// </summary>
    public static string Type(string name) =>
        SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(name) != SyntaxKind.None
            ? "@" + name
            : name;

    /// <summary>A dotted namespace name with each part escaped as <see cref="Member"/>.</summary>
    public static string Namespace(string name) => string.Join(".", name.Split('.').Select(Member));
}
