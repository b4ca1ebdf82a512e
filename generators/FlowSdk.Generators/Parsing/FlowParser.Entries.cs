using System.Collections.Generic;
using System.Linq;
using FlowSdk.Analyzers;
using FlowSdk.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace FlowSdk.Generators.Parsing;

/// <summary>
/// Entries: <c>[Entry]</c> methods through which a trigger's payload becomes the first step's. Each must be named by a
/// trigger, take a payload no other way into the flow takes, and return the first step's payload.
/// </summary>
internal sealed partial class FlowParser
{
    /// <summary>An <c>[Entry]</c> method, with the syntax it was declared in.</summary>
    private sealed record DeclaredEntry(IMethodSymbol Method, MethodDeclarationSyntax? Syntax)
    {
        public string Name => Method.Name;
    }

    /// <summary>The members of the generated <c>FlowInput</c> besides one property per entry.</summary>
    private static readonly HashSet<string> ReservedNames = new(System.StringComparer.Ordinal) { "Entry", "Payload", "Entries" };

    private bool IsEntry(IMethodSymbol method) =>
        method.GetAttributes().Any(a => KnownTypes.Is(a.AttributeClass, _known.EntryAttribute));

    /// <summary>The methods marked <c>[Entry]</c> and nothing else (one that is also a step is FLOW008's).</summary>
    private List<DeclaredEntry> CollectEntries(INamedTypeSymbol type) =>
        type.GetMembers().OfType<IMethodSymbol>()
            .Where(m => IsEntry(m) && !m.GetAttributes().Any(a =>
                KnownTypes.Is(a.AttributeClass, _known.StepAttribute) ||
                KnownTypes.Is(a.AttributeClass, _known.FilterAttribute) ||
                KnownTypes.Is(a.AttributeClass, _known.SplitAttribute)))
            .Select(m => new DeclaredEntry(m, m.DeclaringSyntaxReferences.Select(r => r.GetSyntax(_cancellationToken)).OfType<MethodDeclarationSyntax>().FirstOrDefault()))
            .ToList();

    /// <summary>
    /// The entry a trigger names with <c>Entry = nameof(...)</c>, or null (with FLOW021 reported) when the flow has no
    /// such <c>[Entry]</c> method.
    /// </summary>
    private DeclaredEntry? ResolveEntry(INamedTypeSymbol type, AttributeData trigger, string entryName, string flowName, List<DeclaredEntry> entries)
    {
        var entry = entries.FirstOrDefault(e => e.Name == entryName);
        if (entry is null)
        {
            var why = type.GetMembers(entryName).OfType<IMethodSymbol>().Any()
                ? "a method not marked [Entry]; mark it [Entry]"
                : "which is not a method of the flow; add an [Entry] method of that name";
            Report(DiagnosticDescriptors.UnknownEntry, NamedArgumentLocation(trigger, "Entry"), TriggerName(trigger), flowName, entryName, why);
        }

        return entry;
    }

    /// <summary>
    /// The entries some trigger uses, checked: shape, arguments, a return that produces the first step's payload, and a
    /// payload type no other way in takes. An unused entry is reported (FLOW024) and left out.
    /// </summary>
    private List<EntrySpec> ParseEntries(List<DeclaredEntry> entries, HashSet<string> used, DeclaredStep firstStep, string flowName)
    {
        var specs = new List<EntrySpec>();
        var firstPayload = firstStep.Method.Parameters.FirstOrDefault()?.Type;
        var taken = new List<(ITypeSymbol Type, string By)>();
        if (firstPayload is not null)
        {
            taken.Add((firstPayload, $"the payload of the first step '{firstStep.Method.Name}': let its trigger feed that step directly, without an Entry"));
        }

        foreach (var entry in entries)
        {
            var method = entry.Method;
            var nameLocation = entry.Syntax?.Identifier.GetLocation() ?? method.Locations.FirstOrDefault();
            if (!used.Contains(entry.Name))
            {
                Report(DiagnosticDescriptors.UnusedEntry, nameLocation, entry.Name, flowName);
                continue;
            }

            var valid = CheckShape(method, nameLocation);
            if (ReservedNames.Contains(entry.Name))
            {
                Report(DiagnosticDescriptors.UnsupportedSignature, nameLocation, entry.Name, "an entry cannot be named Entry, Payload or Entries, the members of the generated FlowInput it would clash with");
                valid = false;
            }

            if (TryParseRetry(method, out var retry) && retry is not null)
            {
                Report(DiagnosticDescriptors.UnsupportedSignature, nameLocation, entry.Name, "[Retry] applies to [Step] and [Filter] methods; an entry is retried with the flow");
                valid = false;
            }

            if (method.Parameters.Length == 0)
            {
                continue;
            }

            var arguments = ParseArguments(method, ref valid);
            var payload = method.Parameters[0];
            var clash = taken.FirstOrDefault(t => SameType(t.Type, payload.Type));
            if (clash.Type is not null)
            {
                Report(DiagnosticDescriptors.DuplicateEntryPayload, ParameterLocation(payload), entry.Name, payload.Type.ToDisplayString(MessageFormat), clash.By);
                valid = false;
            }
            else
            {
                taken.Add((payload.Type, $"as entry '{entry.Name}' does"));
            }

            var (kind, produced) = ClassifyEntryReturn(method.ReturnType);
            if (kind is ReturnKind.Enumerable or ReturnKind.AsyncEnumerable && firstPayload is not null && Accepts(firstPayload, method.ReturnType))
            {
                (kind, produced) = (ReturnKind.Value, method.ReturnType); // the first step takes the sequence itself
            }

            if (firstPayload is not null && (kind is null || !Accepts(firstPayload, produced!)))
            {
                Report(
                    DiagnosticDescriptors.InvalidEntryReturn,
                    entry.Syntax?.ReturnType.GetLocation() ?? nameLocation,
                    entry.Name,
                    method.ReturnType.ToDisplayString(MessageFormat),
                    firstStep.Method.Name,
                    firstPayload.ToDisplayString(MessageFormat));
                valid = false;
            }

            if (valid && kind is { } returnKind)
            {
                specs.Add(new EntrySpec(entry.Name, returnKind, Ref(method.ReturnType), arguments.ToImmutableEquatableArray(), method.IsStatic, Ref(payload.Type)));
            }
        }

        return specs;
    }

    /// <summary>How an entry hands over the first step's payload, and that payload's type; null when it hands over none.</summary>
    private (ReturnKind? Kind, ITypeSymbol? Produced) ClassifyEntryReturn(ITypeSymbol type)
    {
        var argument = type is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } named ? named.TypeArguments[0] : null;
        return type switch
        {
            _ when type.SpecialType == SpecialType.System_Void => (null, null),
            _ when KnownTypes.Is(type, _known.ValueTaskOfT) => (ReturnKind.ValueTaskOf, argument),
            _ when KnownTypes.Is(type, _known.TaskOfT) => (ReturnKind.TaskOf, argument),
            _ when KnownTypes.Is(type, _known.IAsyncEnumerableOfT) => (ReturnKind.AsyncEnumerable, argument),
            _ when KnownTypes.Is(type, _known.IEnumerableOfT) => (ReturnKind.Enumerable, argument),
            _ when KnownTypes.Is(type, _known.ValueTask) || KnownTypes.Is(type, _known.Task) => (null, null),
            _ => (ReturnKind.Value, type),
        };
    }

    private static bool SameType(ITypeSymbol a, ITypeSymbol b) =>
        SymbolEqualityComparer.Default.Equals(a.WithNullableAnnotation(NullableAnnotation.NotAnnotated), b.WithNullableAnnotation(NullableAnnotation.NotAnnotated));

    private static string TriggerName(AttributeData trigger) =>
        trigger.AttributeClass?.Name is { } name && name.EndsWith("Attribute", System.StringComparison.Ordinal)
            ? name.Substring(0, name.Length - "Attribute".Length)
            : trigger.AttributeClass?.Name ?? "trigger";
}
