using System;
using System.Collections.Generic;
using System.Linq;
using FlowSdk.Generators.Model;
using Microsoft.CodeAnalysis.CSharp;

namespace FlowSdk.Generators.Emit;

/// <summary>
/// Writes the attributes a flow's <c>Definition</c> hands to hosts, from the model's facts: the constructor arguments,
/// then only the properties the user set, so every other property keeps the runtime's own default.
/// </summary>
internal static class AttributeExpressions
{
    public static string Flow(FlowOptionsSpec flow) => Creation(
        "global::FlowSdk.FlowAttribute",
        Literal.String(flow.Name),
        ("Capacity", flow.Capacity is { } capacity ? Literal.Number(capacity) : null),
        ("MaxConcurrency", flow.MaxConcurrency is { } concurrency ? Literal.Number(concurrency) : null),
        ("Configuration", flow.Configuration is { } configuration ? $"typeof({configuration.TypeOfName})" : null));

    public static string Trigger(TriggerSpec trigger) => trigger switch
    {
        ChannelTriggerSpec => Creation("global::FlowSdk.ChannelTriggerAttribute", string.Empty, EntryOf(trigger)),
        ScheduleTriggerSpec schedule => Creation(
            "global::FlowSdk.ScheduleTriggerAttribute",
            Literal.String(schedule.Cron),
            ("TimeZone", schedule.TimeZone is { } timeZone ? Literal.String(timeZone) : null),
            ("AllowOverlap", schedule.AllowOverlap is { } allowOverlap ? Literal.Bool(allowOverlap) : null),
            EntryOf(trigger)),
        WebhookTriggerSpec webhook => Creation(
            "global::FlowSdk.WebhookTriggerAttribute",
            Literal.String(webhook.Route),
            ("MaxBodySize", webhook.MaxBodySize is { } maxBodySize ? Literal.Number(maxBodySize) : null),
            ("Synchronous", webhook.Synchronous is { } synchronous ? Literal.Bool(synchronous) : null),
            ("Signature", webhook.Signature is { } signature ? "global::FlowSdk.WebhookSignature." + signature : null),
            EntryOf(trigger)),
        _ => throw new ArgumentOutOfRangeException(nameof(trigger), trigger.GetType().Name, "A trigger kind the emitter does not know."),
    };

    private static (string Name, string? Value) EntryOf(TriggerSpec trigger) => ("Entry", trigger.Entry is { } entry ? Literal.String(entry) : null);

    public static string Retry(RetrySpec retry) => Creation(
        "global::FlowSdk.RetryAttribute",
        Literal.Number(retry.MaxAttempts),
        ("BaseDelayMilliseconds", retry.BaseDelayMilliseconds is { } baseDelay ? Literal.Number(baseDelay) : null),
        ("MaxDelayMilliseconds", retry.MaxDelayMilliseconds is { } maxDelay ? Literal.Number(maxDelay) : null));

    /// <summary>A declaration attribute exactly as the user wrote it.</summary>
    public static string Declaration(DeclarationSpec declaration) => Creation(
        declaration.AttributeType.FullName,
        string.Join(", ", declaration.Arguments.Select(Constant)),
        declaration.Properties.Select(p => (p.Name, (string?)Constant(p.Value))).ToArray());

    /// <summary>An attribute argument spelled as a C# expression of its own type.</summary>
    private static string Constant(ConstantSpec constant) => constant.Kind switch
    {
        ConstantKind.String => Literal.String(constant.Text!),
        ConstantKind.Bool => constant.Text!,
        ConstantKind.Char => SymbolDisplay.FormatLiteral(constant.Text![0], quote: true),
        ConstantKind.Number or ConstantKind.Enum => $"({constant.Type!.FullName})({constant.Text})",
        ConstantKind.Type => $"typeof({constant.Type!.TypeOfName})",
        ConstantKind.Array => $"new {constant.Type!.FullName}[] {{ {string.Join(", ", constant.Items!.Select(Constant))} }}",
        _ => "null",
    };

    /// <summary><c>new Type(arguments) { Name = value, ... }</c> with the properties whose value is not null.</summary>
    private static string Creation(string type, string arguments, params (string Name, string? Value)[] properties)
    {
        var set = new List<string>(properties.Length);
        foreach (var (name, value) in properties)
        {
            if (value is not null)
            {
                set.Add($"{name} = {value}");
            }
        }

        return set.Count == 0
            ? $"new {type}({arguments})"
            : $"new {type}({arguments}) {{ {string.Join(", ", set)} }}";
    }
}
