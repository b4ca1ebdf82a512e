using System.Linq;
using FlowSdk.Generators.Model;
using Microsoft.CodeAnalysis;

namespace FlowSdk.Generators.Parsing;

/// <summary><c>[Retry]</c> on the flow class or on a step.</summary>
internal sealed partial class FlowParser
{
    /// <summary>
    /// Reads the <c>[Retry]</c> on <paramref name="symbol"/>. Returns false when it is half-typed (the compiler reports
    /// it): there is then no policy to generate.
    /// </summary>
    private bool TryParseRetry(ISymbol symbol, out RetrySpec? retry)
    {
        retry = null;
        var attribute = symbol.GetAttributes().FirstOrDefault(a => KnownTypes.Is(a.AttributeClass, _known.RetryAttribute));
        if (attribute is null)
        {
            return true;
        }

        if (attribute.ConstructorArguments.Length != 1 || attribute.ConstructorArguments[0].Value is not int maxAttempts)
        {
            return false;
        }

        retry = new RetrySpec(
            maxAttempts,
            AttributeArguments.Named<int>(attribute, "BaseDelayMilliseconds"),
            AttributeArguments.Named<int>(attribute, "MaxDelayMilliseconds"));
        return true;
    }
}
