using System.Collections.Generic;
using System.Linq;
using FlowSdk.Analyzers;
using FlowSdk.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace FlowSdk.Generators.Parsing;

/// <summary>Trigger attributes: cron validity and whether the trigger's payload fits the first step.</summary>
internal sealed partial class FlowParser
{
    /// <param name="used">Receives the name of every entry a trigger names.</param>
    private List<TriggerSpec> ParseTriggers(INamedTypeSymbol type, string flowName, List<DeclaredStep> steps, List<DeclaredEntry> entries, HashSet<string> used)
    {
        var triggers = new List<TriggerSpec>();
        foreach (var attribute in type.GetAttributes())
        {
            if (!KnownTypes.DerivesFrom(attribute.AttributeClass, _known.TriggerAttribute))
            {
                continue;
            }

            // The payload the trigger delivers goes to its entry when it names one, else to the first step.
            var entryName = AttributeArguments.NamedString(attribute, "Entry");
            var firstPayload = steps[0].Method.Parameters.FirstOrDefault();
            var receiver = $"its first step '{steps[0].Method.Name}'";
            if (entryName is not null)
            {
                used.Add(entryName);
                var entry = ResolveEntry(type, attribute, entryName, flowName, entries);
                firstPayload = entry?.Method.Parameters.FirstOrDefault();
                receiver = $"its entry '{entryName}'";
            }

            TriggerSpec? spec = null;
            if (KnownTypes.Is(attribute.AttributeClass, _known.ChannelTriggerAttribute))
            {
                spec = new ChannelTriggerSpec();
            }
            else if (KnownTypes.Is(attribute.AttributeClass, _known.ScheduleTriggerAttribute))
            {
                if (attribute.ConstructorArguments.Length != 1 || attribute.ConstructorArguments[0].Value is not string cron)
                {
                    _hasError = true; // half-typed: the compiler speaks
                    continue;
                }

                if (!CronExpressionValidator.TryValidate(cron, out var error))
                {
                    Report(DiagnosticDescriptors.InvalidCron, AttributeArgumentLocation(attribute, 0), cron, error);
                }

                if (firstPayload is not null && _known.ScheduledTick is not null && !Accepts(firstPayload.Type, _known.ScheduledTick))
                {
                    Report(
                        DiagnosticDescriptors.TriggerPayloadMismatch,
                        ParameterLocation(firstPayload),
                        $"Flow '{flowName}' has a [ScheduleTrigger], so {receiver} must take 'ScheduledTick', not '{firstPayload.Type.ToDisplayString(MessageFormat)}'{EntryHint(entryName)}");
                }

                spec = new ScheduleTriggerSpec(
                    cron,
                    AttributeArguments.NamedString(attribute, "TimeZone"),
                    AttributeArguments.Named<bool>(attribute, "AllowOverlap"));
            }
            else if (KnownTypes.Is(attribute.AttributeClass, _known.WebhookTriggerAttribute))
            {
                if (attribute.ConstructorArguments.Length != 1 || attribute.ConstructorArguments[0].Value is not string route)
                {
                    _hasError = true;
                    continue;
                }

                if (firstPayload is not null && WhyNotBindable(firstPayload.Type) is { } reason)
                {
                    Report(
                        DiagnosticDescriptors.TriggerPayloadMismatch,
                        ParameterLocation(firstPayload),
                        $"Flow '{flowName}' has a [WebhookTrigger], but the payload '{firstPayload.Type.ToDisplayString(MessageFormat)}' of {receiver} cannot be bound from a request body: {reason}; take WebhookRequest or a JSON-bindable type{EntryHint(entryName)}");
                }

                spec = new WebhookTriggerSpec(
                    route,
                    AttributeArguments.Named<long>(attribute, "MaxBodySize"),
                    AttributeArguments.Named<bool>(attribute, "Synchronous"),
                    ParseSignature(attribute, flowName));
            }

            if (spec is not null)
            {
                triggers.Add(spec with { Entry = entryName });
            }
        }

        if (triggers.Count == 0 && !_hasError)
        {
            Report(DiagnosticDescriptors.NoTrigger, IdentifierLocation(type), flowName);
        }

        return triggers;
    }

    /// <summary>For a trigger feeding the first step: the other way to fit, an entry of the trigger's own.</summary>
    private static string EntryHint(string? entryName) =>
        entryName is null ? ", or let the trigger enter through an [Entry] method (Entry = nameof(...)) that returns the first step's payload" : string.Empty;

    /// <summary>
    /// The member name of the declared <c>Signature</c>, or null when it was not set. A cast value outside the enum's
    /// members would reach the host as a scheme nobody can serve, so it is an error here.
    /// </summary>
    private string? ParseSignature(AttributeData attribute, string flowName)
    {
        foreach (var argument in attribute.NamedArguments)
        {
            if (argument.Key != "Signature" || argument.Value.Kind != TypedConstantKind.Enum || argument.Value.Type is not INamedTypeSymbol enumType)
            {
                continue;
            }

            var value = argument.Value.Value;
            foreach (var member in enumType.GetMembers().OfType<IFieldSymbol>())
            {
                if (member.HasConstantValue && Equals(member.ConstantValue, value))
                {
                    return member.Name;
                }
            }

            Report(DiagnosticDescriptors.InvalidWebhookSignature, NamedArgumentLocation(attribute, "Signature"), flowName, value);
        }

        return null;
    }

    /// <summary>Why System.Text.Json cannot create <paramref name="type"/> from a body, or null when it can.</summary>
    private string? WhyNotBindable(ITypeSymbol type)
    {
        if (KnownTypes.Is(type, _known.WebhookRequest) || type.TypeKind == TypeKind.Error)
        {
            return null;
        }

        return type.TypeKind switch
        {
            TypeKind.Interface when !IsCollectionInterface(type) => "it is an interface",
            TypeKind.Delegate => "it is a delegate",
            TypeKind.Pointer or TypeKind.FunctionPointer => "it is a pointer",
            TypeKind.TypeParameter => "it is a type parameter",
            TypeKind.Class when type.IsAbstract => "it is abstract",
            _ when KnownTypes.Is(type, _known.CancellationToken) || KnownTypes.Is(type, _known.FlowContext) => "it is not a payload type",
            _ when type.IsRefLikeType => "it is a ref struct",
            _ => null,
        };
    }

    private bool IsCollectionInterface(ITypeSymbol type) =>
        KnownTypes.Is(type, _known.IEnumerableOfT) ||
        type.AllInterfaces.Any(i => KnownTypes.Is(i, _known.IEnumerableOfT));

    private Location? AttributeArgumentLocation(AttributeData attribute, int index)
    {
        if (attribute.ApplicationSyntaxReference?.GetSyntax(_cancellationToken) is AttributeSyntax syntax)
        {
            var arguments = syntax.ArgumentList?.Arguments;
            return arguments is { } list && list.Count > index ? list[index].GetLocation() : syntax.GetLocation();
        }

        return null;
    }
}
