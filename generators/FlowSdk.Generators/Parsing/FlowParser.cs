using System.Collections.Generic;
using System.Linq;
using System.Threading;
using FlowSdk.Analyzers;
using FlowSdk.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace FlowSdk.Generators.Parsing;

/// <summary>
/// Turns a <c>[Flow]</c> class into a <see cref="FlowSpec"/>, or into diagnostics when it is miswired.
/// The generator and the analyzers both call it, so they never disagree about what a flow is: the generator emits code
/// only when the parser reports no error, and the analyzers report what the parser found.
/// </summary>
internal sealed partial class FlowParser
{
    private readonly KnownTypes _known;
    private readonly List<Diagnostic>? _diagnostics;
    private readonly CancellationToken _cancellationToken;
    private bool _hasError;
    private ITypeSymbol? _configuration;

    private FlowParser(KnownTypes known, List<Diagnostic>? diagnostics, CancellationToken cancellationToken)
    {
        _known = known;
        _diagnostics = diagnostics;
        _cancellationToken = cancellationToken;
    }

    /// <summary>
    /// Parses <paramref name="type"/>. Returns null when the type is not a valid flow; when <paramref name="diagnostics"/>
    /// is given, every problem found is added to it with the location of its cause.
    /// </summary>
    public static FlowSpec? Parse(INamedTypeSymbol type, KnownTypes known, List<Diagnostic>? diagnostics, CancellationToken cancellationToken)
    {
        if (!known.HasFlowSdk || type.TypeKind != TypeKind.Class)
        {
            return null;
        }

        return new FlowParser(known, diagnostics, cancellationToken).ParseFlow(type);
    }

    private FlowSpec? ParseFlow(INamedTypeSymbol type)
    {
        var flowAttribute = type.GetAttributes().FirstOrDefault(a => KnownTypes.Is(a.AttributeClass, _known.FlowAttribute));
        if (flowAttribute is null || flowAttribute.ConstructorArguments.Length != 1 || flowAttribute.ConstructorArguments[0].Kind == TypedConstantKind.Error)
        {
            // A missing or half-typed name is the compiler's error to report, not ours.
            return null;
        }

        if (flowAttribute.ConstructorArguments[0].Value is not string flowName || string.IsNullOrWhiteSpace(flowName))
        {
            // The compiler accepts null and "", but a flow without a name has no identity to run under. Any other
            // value is a type error the compiler already reports.
            if (flowAttribute.ConstructorArguments[0].Value is null or string)
            {
                Report(DiagnosticDescriptors.EmptyFlowName, AttributeArgumentLocation(flowAttribute, 0), type.Name);
            }

            return null;
        }

        var identifier = IdentifierLocation(type);
        CheckTypeShape(type, identifier);
        _configuration = ParseConfigurationType(flowAttribute);

        var steps = CollectSteps(type, flowName);
        if (steps.Count == 0)
        {
            Report(DiagnosticDescriptors.NoSteps, identifier, flowName);
            return null;
        }

        var stepSpecs = BuildSteps(steps);
        var entries = CollectEntries(type);
        var usedEntries = new HashSet<string>(System.StringComparer.Ordinal);
        var triggers = ParseTriggers(type, flowName, steps, entries, usedEntries);
        var entrySpecs = ParseEntries(entries, usedEntries, steps[0], flowName);
        var retryIsWellFormed = TryParseRetry(type, out var retry);

        if (_hasError || stepSpecs is null || !retryIsWellFormed)
        {
            return null;
        }

        return new FlowSpec(
            Namespace: type.ContainingNamespace.IsGlobalNamespace ? null : type.ContainingNamespace.ToDisplayString(),
            ContainingTypes: ContainingTypes(type),
            ClassName: type.Name,
            FullyQualifiedName: type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
            // A hint name allows no '@': the escaped keyword names the same type without it.
            HintName: type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat).Replace("global::", string.Empty).Replace("@", string.Empty).Replace('<', '_').Replace('>', '_') + ".Flow.g.cs",
            Options: new FlowOptionsSpec(
                flowName,
                AttributeArguments.Named<int>(flowAttribute, "Capacity"),
                AttributeArguments.Named<int>(flowAttribute, "MaxConcurrency"),
                _configuration is null ? null : Ref(_configuration)),
            PayloadType: stepSpecs[0].PayloadIn,
            OutputType: stepSpecs[stepSpecs.Count - 1].PayloadOut,
            Steps: stepSpecs.ToImmutableEquatableArray(),
            Triggers: triggers.ToImmutableEquatableArray(),
            Retry: retry,
            UsesContext: stepSpecs.Select(s => s.Arguments).Concat(entrySpecs.Select(e => e.Arguments)).Any(a => a.Any(k => k.Kind is ArgumentKind.Context or ArgumentKind.Configuration)),
            IsRegistrable: IsReachableFromAssembly(type),
            ConfigurationHasDataAnnotations: _configuration is not null && HasDataAnnotations(_configuration),
            Declarations: ParseDeclarations(type),
            Entries: entrySpecs.ToImmutableEquatableArray());
    }

    private void CheckTypeShape(INamedTypeSymbol type, Location identifier)
    {
        var declarations = type.DeclaringSyntaxReferences.Select(r => r.GetSyntax(_cancellationToken)).OfType<TypeDeclarationSyntax>().ToList();
        if (declarations.Count > 0 && !declarations.Any(d => d.Modifiers.Any(SyntaxKind.PartialKeyword)))
        {
            Report(DiagnosticDescriptors.NotPartial, identifier, type.Name);
        }

        // A record would need a record declaration emitted beside it; the generator emits only for class declarations.
        string? problem = type.IsStatic ? "static"
            : type.IsAbstract ? "abstract"
            : type.IsGenericType ? "generic"
            : type.IsRecord ? "a record"
            : null;
        for (var outer = type.ContainingType; problem is null && outer is not null; outer = outer.ContainingType)
        {
            if (outer.IsGenericType)
            {
                problem = $"nested in generic type '{outer.Name}'";
            }
            else if (!outer.DeclaringSyntaxReferences.Select(r => r.GetSyntax(_cancellationToken)).OfType<TypeDeclarationSyntax>()
                .Any(d => d.Modifiers.Any(SyntaxKind.PartialKeyword)))
            {
                problem = $"nested in non-partial type '{outer.Name}'";
            }
        }

        if (problem is not null)
        {
            Report(DiagnosticDescriptors.InvalidFlowType, identifier, type.Name, problem);
        }

        for (var t = type; t is not null; t = t.ContainingType)
        {
            if (t.IsFileLocal)
            {
                Report(DiagnosticDescriptors.FileLocalFlow, identifier, type.Name, SymbolEqualityComparer.Default.Equals(t, type) ? "file-local" : $"nested in file-local type '{t.Name}'");
                break;
            }
        }
    }

    private static bool IsReachableFromAssembly(INamedTypeSymbol type)
    {
        for (ISymbol? t = type; t is INamedTypeSymbol named; t = named.ContainingType)
        {
            if (named.DeclaredAccessibility is Accessibility.Private or Accessibility.Protected or Accessibility.ProtectedAndInternal)
            {
                return false;
            }
        }

        return true;
    }

    private static ImmutableEquatableArray<ContainingTypeSpec> ContainingTypes(INamedTypeSymbol type)
    {
        var result = new List<ContainingTypeSpec>();
        for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            var kind = outer.TypeKind switch
            {
                TypeKind.Struct => outer.IsRecord ? ContainingTypeKind.RecordStruct : ContainingTypeKind.Struct,
                TypeKind.Interface => ContainingTypeKind.Interface,
                _ => outer.IsRecord ? ContainingTypeKind.Record : ContainingTypeKind.Class,
            };
            result.Insert(0, new ContainingTypeSpec(kind, outer.Name));
        }

        return result.ToImmutableEquatableArray();
    }

    internal static Location IdentifierLocation(INamedTypeSymbol type)
    {
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax() is BaseTypeDeclarationSyntax declaration &&
                declaration.AttributeLists.SelectMany(l => l.Attributes).Any())
            {
                return declaration.Identifier.GetLocation();
            }
        }

        return type.Locations.FirstOrDefault() ?? Location.None;
    }

    private void Report(DiagnosticDescriptor descriptor, Location? location, params object?[] args)
    {
        if (descriptor.DefaultSeverity == DiagnosticSeverity.Error)
        {
            _hasError = true;
        }

        _diagnostics?.Add(Diagnostic.Create(descriptor, location ?? Location.None, args));
    }
}
