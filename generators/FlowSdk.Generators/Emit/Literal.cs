using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis.CSharp;

namespace FlowSdk.Generators.Emit;

/// <summary>Values spelled as C#: whatever a user wrote in an attribute comes back out as exactly that value.</summary>
internal static class Literal
{
    /// <summary>A quoted string literal with every character that needs it escaped.</summary>
    public static string String(string value) => SymbolDisplay.FormatLiteral(value, quote: true);

    // Invariant digits, a minus sign for negatives: valid C# for every int and long (MinValue included).
    public static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Bool(bool value) => value ? "true" : "false";

    /// <summary>
    /// A user's text inside a one-line <c>///</c> comment: escaped as in a string literal, so a line break cannot end
    /// the comment, and as XML, so the doc comment stays well formed.
    /// </summary>
    public static string InDocComment(string value)
    {
        var escaped = SymbolDisplay.FormatLiteral(value, quote: false);
        var builder = new StringBuilder(escaped.Length);
        foreach (var c in escaped)
        {
            builder.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                _ => c.ToString(),
            });
        }

        return builder.ToString();
    }
}
