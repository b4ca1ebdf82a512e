using System.Collections.Generic;
using System.Linq;
using FlowSdk.Analyzers;
using FlowSdk.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace FlowSdk.Generators.Parsing;

/// <summary>Step discovery, signatures and the payload chain.</summary>
internal sealed partial class FlowParser
{
    private static readonly SymbolDisplayFormat TypeNameFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    private static readonly SymbolDisplayFormat MessageFormat = SymbolDisplayFormat.MinimallyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    /// <summary>A method marked as a step, with the syntax it was declared in.</summary>
    /// <param name="Ambiguous">Whether the method carries several step attributes (FLOW008), so its output is unknown.</param>
    private sealed record DeclaredStep(IMethodSymbol Method, StepKind Kind, MethodDeclarationSyntax? Syntax, bool Ambiguous = false);

    private List<DeclaredStep> CollectSteps(INamedTypeSymbol type, string flowName)
    {
        var steps = new List<DeclaredStep>();
        foreach (var method in type.GetMembers().OfType<IMethodSymbol>())
        {
            _cancellationToken.ThrowIfCancellationRequested();
            var kinds = new List<(StepKind Kind, string Name)>();
            foreach (var attribute in method.GetAttributes())
            {
                if (KnownTypes.Is(attribute.AttributeClass, _known.StepAttribute))
                {
                    kinds.Add((StepKind.Step, "[Step]"));
                }
                else if (KnownTypes.Is(attribute.AttributeClass, _known.FilterAttribute))
                {
                    kinds.Add((StepKind.Filter, "[Filter]"));
                }
                else if (KnownTypes.Is(attribute.AttributeClass, _known.SplitAttribute))
                {
                    kinds.Add((StepKind.Split, "[Split]"));
                }
            }

            if (kinds.Count == 0)
            {
                continue; // an [Entry] alone is not a step
            }

            var names = kinds.Select(k => k.Name).ToList();
            if (IsEntry(method))
            {
                names.Add("[Entry]");
            }

            var syntax = method.DeclaringSyntaxReferences.Select(r => r.GetSyntax(_cancellationToken)).OfType<MethodDeclarationSyntax>().FirstOrDefault();
            if (names.Count > 1)
            {
                Report(DiagnosticDescriptors.SeveralStepAttributes, syntax?.Identifier.GetLocation() ?? method.Locations.FirstOrDefault(), method.Name, string.Join(" and ", names));
            }

            steps.Add(new DeclaredStep(method, kinds[0].Kind, syntax, names.Count > 1));
        }

        // Declaration order is run order, so every step must sit in one partial declaration.
        var declarations = steps
            .Select(s => s.Syntax?.FirstAncestorOrSelf<TypeDeclarationSyntax>())
            .Where(d => d is not null)
            .Distinct()
            .ToList();
        if (declarations.Count > 1)
        {
            foreach (var declaration in declarations)
            {
                Report(DiagnosticDescriptors.StepsInSeveralPartials, declaration!.Identifier.GetLocation(), flowName, declarations.Count);
            }
        }

        return steps
            .OrderBy(s => s.Syntax?.SyntaxTree.FilePath ?? string.Empty, System.StringComparer.Ordinal)
            .ThenBy(s => s.Syntax?.SpanStart ?? 0)
            .ToList();
    }

    private List<StepSpec>? BuildSteps(List<DeclaredStep> steps)
    {
        var specs = new List<StepSpec>(steps.Count);
        ITypeSymbol? current = null;
        string? previousStep = null;
        var valid = true;
        foreach (var step in steps)
        {
            var spec = ParseStep(step, ref current, previousStep);
            valid &= spec is not null;
            if (step.Ambiguous)
            {
                current = null; // which payload comes out depends on the attribute the user keeps: check nothing after it
            }

            if (spec is not null)
            {
                specs.Add(spec);
            }

            previousStep = step.Method.Name;
        }

        return valid ? specs : null;
    }

    /// <summary>
    /// Checks one step against the payload <paramref name="current"/> that reaches it and advances
    /// <paramref name="current"/> past it. After an invalid step <paramref name="current"/> becomes null and the
    /// payload checks of later steps are skipped rather than cascading.
    /// </summary>
    private StepSpec? ParseStep(DeclaredStep step, ref ITypeSymbol? current, string? previousStep)
    {
        var method = step.Method;
        var nameLocation = step.Syntax?.Identifier.GetLocation() ?? method.Locations.FirstOrDefault();
        var valid = CheckShape(method, nameLocation);
        if (method.Parameters.Length == 0)
        {
            current = null;
            return null;
        }

        var arguments = ParseArguments(method, ref valid);

        var payloadParameter = method.Parameters[0];
        if (current is not null && previousStep is not null && !Accepts(payloadParameter.Type, current))
        {
            Report(
                DiagnosticDescriptors.PayloadMismatch,
                ParameterLocation(payloadParameter),
                method.Name,
                payloadParameter.Type.ToDisplayString(MessageFormat),
                current.ToDisplayString(MessageFormat),
                previousStep);
            valid = false;
        }

        // The first step defines the flow's input; later ones receive what the previous step produced.
        var payloadIn = current ?? payloadParameter.Type;
        var (returnKind, result) = ClassifyReturn(step, nameLocation, ref valid);
        ITypeSymbol? payloadOut = step.Kind switch
        {
            StepKind.Split => result,
            StepKind.Step when returnKind is ReturnKind.Value or ReturnKind.ValueTaskOf or ReturnKind.TaskOf => result,
            _ => payloadIn,
        };
        current = valid ? payloadOut : null;
        if (!valid || payloadOut is null)
        {
            return null;
        }

        if (!TryParseRetry(method, out var retry))
        {
            return null; // a half-typed [Retry]: the compiler reports it
        }

        if (retry is null)
        {
            return new StepSpec(method.Name, step.Kind, returnKind, Ref(method.ReturnType), arguments.ToImmutableEquatableArray(), method.IsStatic, Ref(payloadIn), Ref(payloadOut), returnKind);
        }

        if (step.Kind == StepKind.Split)
        {
            Report(DiagnosticDescriptors.UnsupportedSignature, nameLocation, method.Name, "[Retry] applies to [Step] and [Filter] methods; a split's items are retried with the flow");
            current = null;
            return null;
        }

        // A retried step runs through a resilience pipeline, which always hands back a ValueTask.
        var valued = step.Kind == StepKind.Filter || returnKind is ReturnKind.Value or ReturnKind.ValueTaskOf or ReturnKind.TaskOf;
        var retriedType = valued
            ? new TypeRef($"global::System.Threading.Tasks.ValueTask<{Ref(result!).FullName}>", $"global::System.Threading.Tasks.ValueTask<{Ref(result!).TypeOfName}>")
            : new TypeRef("global::System.Threading.Tasks.ValueTask", "global::System.Threading.Tasks.ValueTask");
        return new StepSpec(
            method.Name,
            step.Kind,
            valued ? ReturnKind.ValueTaskOf : ReturnKind.ValueTask,
            retriedType,
            arguments.ToImmutableEquatableArray(),
            method.IsStatic,
            Ref(payloadIn),
            Ref(payloadOut),
            returnKind,
            retry);
    }

    /// <summary>What no step or entry may be: generic, async void, returning by reference, without a payload parameter.</summary>
    private bool CheckShape(IMethodSymbol method, Location? nameLocation)
    {
        var valid = true;
        if (method.IsGenericMethod)
        {
            Report(DiagnosticDescriptors.UnsupportedSignature, nameLocation, method.Name, "a step cannot be generic");
            valid = false;
        }

        if (method.IsAsync && method.ReturnsVoid)
        {
            Report(DiagnosticDescriptors.UnsupportedSignature, nameLocation, method.Name, "'async void' cannot be awaited; return Task or ValueTask");
            valid = false;
        }

        if (method.ReturnsByRef || method.ReturnsByRefReadonly)
        {
            Report(DiagnosticDescriptors.UnsupportedSignature, nameLocation, method.Name, "a step cannot return by reference");
            valid = false;
        }

        if (method.Parameters.Length == 0)
        {
            Report(DiagnosticDescriptors.UnsupportedSignature, nameLocation, method.Name, "the first parameter must be the payload");
            valid = false;
        }

        return valid;
    }

    /// <summary>
    /// The arguments a step or entry is called with: the payload first, then FlowContext, CancellationToken or the
    /// flow's configuration, each at most once. Anything else is reported and makes <paramref name="valid"/> false.
    /// </summary>
    private List<ArgumentSpec> ParseArguments(IMethodSymbol method, ref bool valid)
    {
        var arguments = new List<ArgumentSpec>();
        var seen = new HashSet<ArgumentKind>();
        for (var i = 0; i < method.Parameters.Length; i++)
        {
            var parameter = method.Parameters[i];
            var location = ParameterLocation(parameter);
            var kind = i == 0 ? ArgumentKind.Payload
                : KnownTypes.Is(parameter.Type, _known.FlowContext) ? ArgumentKind.Context
                : KnownTypes.Is(parameter.Type, _known.CancellationToken) ? ArgumentKind.CancellationToken
                : _configuration is not null && SymbolEqualityComparer.Default.Equals(parameter.Type.WithNullableAnnotation(NullableAnnotation.NotAnnotated), _configuration) ? ArgumentKind.Configuration
                : (ArgumentKind?)null;
            if (parameter.RefKind != RefKind.None || parameter.IsParams)
            {
                Report(DiagnosticDescriptors.UnsupportedSignature, location, method.Name, $"parameter '{parameter.Name}' cannot be ref, out, in or params");
                valid = false;
            }
            else if (kind is null)
            {
                Report(DiagnosticDescriptors.UnsupportedSignature, location, method.Name, $"parameter '{parameter.Name}' of type '{parameter.Type.ToDisplayString(MessageFormat)}' is neither the payload, FlowContext, CancellationToken nor the flow's configuration type");
                valid = false;
            }
            else if (!seen.Add(kind.Value))
            {
                Report(DiagnosticDescriptors.UnsupportedSignature, location, method.Name, $"parameter '{parameter.Name}' repeats a {parameter.Type.Name} parameter");
                valid = false;
            }
            else
            {
                arguments.Add(new ArgumentSpec(kind.Value));
            }
        }

        return arguments;
    }

    private (ReturnKind Kind, ITypeSymbol? Result) ClassifyReturn(DeclaredStep step, Location? nameLocation, ref bool valid)
    {
        var method = step.Method;
        var type = method.ReturnType;
        var returnLocation = step.Syntax?.ReturnType.GetLocation() ?? nameLocation;
        var named = type as INamedTypeSymbol;
        var typeArgument = named is { IsGenericType: true, TypeArguments.Length: 1 } ? named.TypeArguments[0] : null;

        switch (step.Kind)
        {
            case StepKind.Filter:
                if (type.SpecialType == SpecialType.System_Boolean)
                {
                    return (ReturnKind.Value, type);
                }

                if (typeArgument?.SpecialType == SpecialType.System_Boolean && KnownTypes.Is(type, _known.ValueTaskOfT))
                {
                    return (ReturnKind.ValueTaskOf, typeArgument);
                }

                if (typeArgument?.SpecialType == SpecialType.System_Boolean && KnownTypes.Is(type, _known.TaskOfT))
                {
                    return (ReturnKind.TaskOf, typeArgument);
                }

                Report(DiagnosticDescriptors.InvalidFilterReturn, returnLocation, method.Name, type.ToDisplayString(MessageFormat));
                valid = false;
                return (ReturnKind.Value, null);

            case StepKind.Split:
                if (KnownTypes.Is(type, _known.IAsyncEnumerableOfT))
                {
                    return (ReturnKind.AsyncEnumerable, typeArgument);
                }

                if (KnownTypes.Is(type, _known.IEnumerableOfT))
                {
                    return (ReturnKind.Enumerable, typeArgument);
                }

                Report(DiagnosticDescriptors.InvalidSplitReturn, returnLocation, method.Name, type.ToDisplayString(MessageFormat));
                valid = false;
                return (ReturnKind.Enumerable, null);

            default:
                if (method.ReturnsVoid)
                {
                    return (ReturnKind.Void, null);
                }

                if (KnownTypes.Is(type, _known.ValueTask))
                {
                    return (ReturnKind.ValueTask, null);
                }

                if (KnownTypes.Is(type, _known.Task))
                {
                    return (ReturnKind.Task, null);
                }

                if (KnownTypes.Is(type, _known.ValueTaskOfT))
                {
                    return (ReturnKind.ValueTaskOf, typeArgument);
                }

                if (KnownTypes.Is(type, _known.TaskOfT))
                {
                    return (ReturnKind.TaskOf, typeArgument);
                }

                if (type.TypeKind is TypeKind.Error)
                {
                    // A missing type is the compiler's error; generating around it would only add noise.
                    valid = false;
                }

                return (ReturnKind.Value, type);
        }
    }

    /// <summary>Whether a step taking <paramref name="parameter"/> accepts a payload of type <paramref name="payload"/>.</summary>
    private bool Accepts(ITypeSymbol parameter, ITypeSymbol payload)
    {
        if (parameter.TypeKind == TypeKind.Error || payload.TypeKind == TypeKind.Error)
        {
            return true; // the compiler reports the missing type
        }

        var conversion = _known.Compilation.ClassifyConversion(payload, parameter);
        return conversion.IsImplicit && (conversion.IsIdentity || conversion.IsReference || conversion.IsNullable || conversion.IsBoxing);
    }

    private static Location? ParameterLocation(IParameterSymbol parameter) =>
        parameter.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() is ParameterSyntax syntax
            ? syntax.GetLocation()
            : parameter.Locations.FirstOrDefault();

    private static TypeRef Ref(ITypeSymbol type) => new(
        type.ToDisplayString(TypeNameFormat),
        type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat));
}
