using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using FlowSdk.Generators.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace FlowSdk.Analyzers;

/// <summary>
/// Reports flows that share a name (FLOW012) or a webhook route (FLOW013), on every participant: each one is a cause,
/// and the user decides which to rename.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DuplicateFlowAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.DuplicateFlowName,
        DiagnosticDescriptors.DuplicateWebhookRoute);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var known = new KnownTypes(start.Compilation);
            if (!known.HasFlowSdk)
            {
                return;
            }

            var names = new ConcurrentBag<Claim>();
            var routes = new ConcurrentBag<Claim>();
            start.RegisterSymbolAction(symbol => Collect(symbol, known, names, routes), SymbolKind.NamedType);
            start.RegisterCompilationEndAction(end =>
            {
                ReportDuplicates(end, names, NormalizeName, DiagnosticDescriptors.DuplicateFlowName);
                ReportDuplicates(end, routes, NormalizeRoute, DiagnosticDescriptors.DuplicateWebhookRoute);
            });
        });
    }

    /// <summary>A flow's claim on a name or route, with where it was declared.</summary>
    private sealed record Claim(string Value, string FlowName, string TypeName, Location Location);

    private static void Collect(SymbolAnalysisContext context, KnownTypes known, ConcurrentBag<Claim> names, ConcurrentBag<Claim> routes)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        var flow = FlowAttributes.Find(type, known.FlowAttribute);
        if (flow is null || !TryGetString(flow, out var flowName))
        {
            return;
        }

        var typeName = type.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat);
        names.Add(new Claim(flowName, flowName, typeName, ArgumentLocation(flow, type, context)));

        var webhook = FlowAttributes.Find(type, known.WebhookTriggerAttribute);
        if (webhook is not null && TryGetString(webhook, out var route))
        {
            routes.Add(new Claim(route, flowName, typeName, ArgumentLocation(webhook, type, context)));
        }
    }

    private static void ReportDuplicates(CompilationAnalysisContext context, IEnumerable<Claim> claims, Func<string, string> normalize, DiagnosticDescriptor descriptor)
    {
        foreach (var group in claims.GroupBy(c => normalize(c.Value), StringComparer.Ordinal))
        {
            var participants = group.ToList();
            if (participants.Count < 2)
            {
                continue;
            }

            foreach (var claim in participants)
            {
                // Name every other participant so the message says where to look.
                var others = string.Join("', '", participants
                    .Where(p => !ReferenceEquals(p, claim))
                    .Select(p => descriptor == DiagnosticDescriptors.DuplicateFlowName ? p.TypeName : p.FlowName)
                    .OrderBy(n => n, StringComparer.Ordinal));
                context.ReportDiagnostic(Diagnostic.Create(descriptor, claim.Location, claim.Value, others));
            }
        }
    }

    // Configuration keys (Flows:{name}) and ASP.NET Core routes are case-insensitive, so names and routes that differ
    // only in case, or in a trailing slash, collide at run time.
    private static string NormalizeName(string name) => name.Trim().ToUpperInvariant();

    private static string NormalizeRoute(string route)
    {
        var trimmed = route.Trim().Trim('/');
        return "/" + trimmed.ToUpperInvariant();
    }

    private static bool TryGetString(AttributeData attribute, out string value)
    {
        if (attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is string s && s.Length > 0)
        {
            value = s;
            return true;
        }

        value = string.Empty;
        return false;
    }

    private static Location ArgumentLocation(AttributeData attribute, INamedTypeSymbol type, SymbolAnalysisContext context)
    {
        if (attribute.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken) is AttributeSyntax syntax)
        {
            return syntax.ArgumentList is { Arguments.Count: > 0 } list ? list.Arguments[0].GetLocation() : syntax.GetLocation();
        }

        return FlowParser.IdentifierLocation(type);
    }
}
