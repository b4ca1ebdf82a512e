using FlowSdk.Generators.Model;

namespace FlowSdk.Generators.Emit;

/// <summary>
/// Entries: for a flow whose triggers deliver several payloads, the <c>FlowInput</c> message its queue carries, a
/// <c>RunAsync</c> overload per entry (the entry, then every step), and the run of a <c>FlowInput</c> that picks one.
/// </summary>
internal sealed partial class FlowEmitter
{
    private const string Input = "FlowInput";

    /// <summary>The flow runs <c>FlowInput</c> messages, and each entry's payload can be published to it.</summary>
    private string EntryInterfaces()
    {
        if (!_flow.HasEntries)
        {
            return string.Empty;
        }

        var interfaces = $", global::FlowSdk.IFlow<{_flow.FullyQualifiedName}.{Input}, {_flow.OutputType.FullName}>";
        foreach (var entry in _flow.Entries!)
        {
            interfaces += $", global::FlowSdk.IFlowInput<{entry.PayloadIn.FullName}>";
        }

        return interfaces;
    }

    private void WriteEntries()
    {
        if (!_flow.HasEntries)
        {
            return;
        }

        WriteInput();
        WriteRunInput();
        var entries = _flow.Entries!;
        for (var i = 0; i < entries.Count; i++)
        {
            WriteEntryRun(entries[i], _flow.Steps.Count + i);
        }
    }

    /// <summary>The message: which entry, and the payload for it. A value type, so wrapping a payload allocates nothing.</summary>
    private void WriteInput()
    {
        var entries = _flow.Entries!;
        _w.Line();
        _w.Line($"/// <summary>A message for flow '{Literal.InDocComment(_flow.FlowName)}' from any of its triggers: the first step's payload, or a payload and the entry it goes through.</summary>");
        _w.Line(GeneratedFile.GeneratedCode);
        _w.Open($"public readonly struct {Input} : global::FlowSdk.IFlowEntryMessage");
        _w.Line("/// <summary>How each payload the flow takes becomes a message, for hosts.</summary>");
        _w.Line($"public static global::System.Collections.Generic.IReadOnlyList<global::FlowSdk.FlowEntry<{Input}>> Entries {{ get; }} = new global::FlowSdk.FlowEntry<{Input}>[]");
        _w.Line("{");
        _w.Line($"    new global::FlowSdk.FlowEntry<{_flow.PayloadType.FullName}, {Input}>(null, static payload => new {Input}(payload)),");
        foreach (var entry in entries)
        {
            _w.Line($"    new global::FlowSdk.FlowEntry<{entry.PayloadIn.FullName}, {Input}>({Literal.String(entry.Name)}, static payload => new {Input}(payload)),");
        }

        _w.Line("};");
        _w.Line();
        _w.Line("/// <summary>A message for the first step.</summary>");
        _w.Open($"public {Input}({_flow.PayloadType.FullName} payload)");
        _w.Line("Entry = null;");
        _w.Line("Payload = payload;");
        foreach (var other in entries)
        {
            _w.Line($"{Identifier.Member(other.Name)} = default!;");
        }

        _w.Close();
        foreach (var entry in entries)
        {
            _w.Line();
            _w.Line($"/// <summary>A message for entry '{Literal.InDocComment(entry.Name)}'.</summary>");
            _w.Open($"public {Input}({entry.PayloadIn.FullName} payload)");
            _w.Line($"Entry = {Literal.String(entry.Name)};");
            _w.Line("Payload = default!;");
            foreach (var other in entries)
            {
                _w.Line($"{Identifier.Member(other.Name)} = {(other == entry ? "payload" : "default!")};");
            }

            _w.Close();
        }

        _w.Line();
        _w.Line("/// <summary>The entry the message goes through; null for the first step.</summary>");
        _w.Line("public string? Entry { get; init; }");
        _w.Line();
        _w.Line("/// <summary>The first step's payload, when <see cref=\"Entry\"/> is null.</summary>");
        _w.Line($"public {_flow.PayloadType.FullName} Payload {{ get; init; }}");
        foreach (var entry in entries)
        {
            _w.Line();
            _w.Line($"/// <summary>The payload for entry '{Literal.InDocComment(entry.Name)}'.</summary>");
            _w.Line($"public {entry.PayloadIn.FullName} {Identifier.Member(entry.Name)} {{ get; init; }}");
        }

        _w.Line();
        _w.Line("object? global::FlowSdk.IFlowEntryMessage.Payload => Entry switch");
        _w.Line("{");
        foreach (var entry in entries)
        {
            _w.Line($"    {Literal.String(entry.Name)} => {Identifier.Member(entry.Name)},");
        }

        _w.Line("    _ => Payload,");
        _w.Line("};");
        _w.Close();
    }

    private void WriteRunInput()
    {
        _w.Line();
        _w.Line("/// <summary>Runs a message from any trigger: through its entry, then every step.</summary>");
        _w.Line(GeneratedFile.GeneratedCode);
        _w.Line($"global::System.Threading.Tasks.ValueTask<{_result}> global::FlowSdk.IFlow<{_flow.FullyQualifiedName}.{Input}, {_flow.OutputType.FullName}>.RunAsync({Input} input, global::FlowSdk.FlowContext context, global::System.Threading.CancellationToken cancellationToken) => input.Entry switch");
        _w.Line("{");
        _w.Line("    null => RunAsync(input.Payload, context, cancellationToken),");
        foreach (var entry in _flow.Entries!)
        {
            _w.Line($"    {Literal.String(entry.Name)} => RunAsync(input.{Identifier.Member(entry.Name)}, context, cancellationToken),");
        }

        // A message stored by a build that had an entry this one lacks: it fails visibly instead of running wrongly.
        _w.Line($"    _ => new({_result}.Failed(input.Entry!, new global::System.InvalidOperationException({Literal.String($"Flow '{_flow.FlowName}' has no entry '")} + input.Entry + \"'.\"))),");
        _w.Line("};");
    }

    private void WriteEntryRun(EntrySpec entry, int index)
    {
        var payload = _flow.PayloadType.FullName;
        var name = Literal.String(entry.Name);
        var enter = $"context.EnterStep({index}, {name}, payload)";
        var call = Call(entry.Name, entry.IsStatic, entry.Arguments, "payload");
        var context = _flow.UsesContext ? $"new global::FlowSdk.FlowContext({Literal.String(_flow.FlowName)})" : "s_detachedContext";

        _w.Line();
        _w.Line($"/// <summary>Runs <paramref name=\"payload\"/> through entry '{Literal.InDocComment(entry.Name)}', then every step, with a fresh context.</summary>");
        _w.Line(GeneratedFile.GeneratedCode);
        _w.Line($"public global::System.Threading.Tasks.ValueTask<{_result}> RunAsync({entry.PayloadIn.FullName} payload, global::System.Threading.CancellationToken cancellationToken = default)");
        _w.Line($"    => RunAsync(payload, {context}, cancellationToken);");
        _w.Line();
        _w.Line($"/// <summary>Runs <paramref name=\"payload\"/> through entry '{Literal.InDocComment(entry.Name)}', then every step, with a caller-owned <paramref name=\"context\"/>.</summary>");
        _w.Line(GeneratedFile.GeneratedCode);
        _w.Open($"public global::System.Threading.Tasks.ValueTask<{_result}> RunAsync({entry.PayloadIn.FullName} payload, global::FlowSdk.FlowContext context, global::System.Threading.CancellationToken cancellationToken = default)");
        _w.Line("cancellationToken.ThrowIfCancellationRequested();");
        if (entry.Return is ReturnKind.Enumerable or ReturnKind.AsyncEnumerable)
        {
            _w.Line($"return RunEachFrom{entry.Name}Async(payload, context, cancellationToken);");
            _w.Close();
            WriteEntryItems(entry, enter, call);
            return;
        }

        _w.Line($"var step = {enter};");
        _w.Line($"{payload} entered;");
        _w.Open("try");
        if (entry.Return == ReturnKind.Value)
        {
            _w.Line($"entered = {call};");
        }
        else
        {
            _w.Line($"var pending = {call};");
            _w.Line($"if (!pending.IsCompletedSuccessfully) return ContinueFrom{entry.Name}Async(pending, context, cancellationToken);");
            _w.Line("entered = pending.Result;");
        }

        _w.Close();
        _w.Open(CatchFilter);
        _w.Line($"return new({_result}.Failed(step, e));");
        _w.Close();
        _w.Line();
        _w.Line("return RunAsync(entered, context, cancellationToken);");
        _w.Close();

        if (entry.Return != ReturnKind.Value)
        {
            _w.Line();
            _w.Line($"// '{entry.Name}' was still running: await it, then run every step.");
            _w.Line(GeneratedFile.GeneratedCode);
            _w.Open($"private async global::System.Threading.Tasks.ValueTask<{_result}> ContinueFrom{entry.Name}Async({entry.ReturnType.FullName} pending, global::FlowSdk.FlowContext context, global::System.Threading.CancellationToken cancellationToken)");
            _w.Line($"{payload} entered;");
            _w.Open("try");
            _w.Line("entered = await pending.ConfigureAwait(false);");
            _w.Close();
            _w.Open(CatchFilter);
            _w.Line($"return {_result}.Failed({name}, e);");
            _w.Close();
            _w.Line();
            _w.Line("return await RunAsync(entered, context, cancellationToken).ConfigureAwait(false);");
            _w.Close();
        }
    }

    /// <summary>An entry that hands over several payloads: each runs every step; the counts add up as a split's do.</summary>
    private void WriteEntryItems(EntrySpec entry, string enter, string call)
    {
        _w.Line();
        _w.Line($"// Every payload '{entry.Name}' hands over runs every step.");
        _w.Line(GeneratedFile.GeneratedCode);
        _w.Open($"private async global::System.Threading.Tasks.ValueTask<{_result}> RunEachFrom{entry.Name}Async({entry.PayloadIn.FullName} payload, global::FlowSdk.FlowContext context, global::System.Threading.CancellationToken cancellationToken)");
        _w.Line($"var step = {enter};");
        _w.Line($"var tally = new global::FlowSdk.SplitTally<{_flow.OutputType.FullName}>();");
        _w.Open("try");
        _w.Open(entry.Return == ReturnKind.AsyncEnumerable
            ? $"await foreach (var item in global::System.Threading.Tasks.TaskAsyncEnumerableExtensions.ConfigureAwait({call}, false))"
            : $"foreach (var item in {call})");
        _w.Line("cancellationToken.ThrowIfCancellationRequested();");
        _w.Line("tally.ItemRan(await RunAsync(item, context, cancellationToken).ConfigureAwait(false));");
        _w.Close();
        _w.Close();
        _w.Open(CatchFilter);
        _w.Line($"return {_result}.Failed(step, e);");
        _w.Close();
        _w.Line();
        _w.Line($"return {_result}.Split(tally);");
        _w.Close();
    }
}
