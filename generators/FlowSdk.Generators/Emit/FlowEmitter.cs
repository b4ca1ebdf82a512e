using System.Collections.Generic;
using System.Linq;
using FlowSdk.Generators.Model;

namespace FlowSdk.Generators.Emit;

/// <summary>
/// Emits a flow's pipeline. <c>RunAsync</c> calls the steps directly while everything completes synchronously; at the
/// first step whose task is still running it hands over to an <c>async</c> continuation that awaits the rest, so a
/// message through synchronous steps costs a few direct calls and no state machine.
/// </summary>
internal sealed partial class FlowEmitter
{
    private const string CatchFilter =
        "catch (global::System.Exception e) when (e is not global::System.OperationCanceledException || !cancellationToken.IsCancellationRequested)";

    private readonly FlowSpec _flow;
    private readonly SourceWriter _w = GeneratedFile.Start();
    private readonly List<Continuation> _continuations = new();
    private readonly string _result;

    private FlowEmitter(FlowSpec flow)
    {
        _flow = flow;
        _result = $"global::FlowSdk.FlowResult<{flow.OutputType.FullName}>";
    }

    /// <summary>Whether code runs in the synchronous fast path or inside an <c>async</c> continuation.</summary>
    private enum Mode
    {
        Sync,
        Async,
    }

    /// <summary>A place where the fast path hands over to an async method, emitted after <c>RunAsync</c>.</summary>
    private sealed record Continuation(int StepIndex, string MethodName, string Payload, TypeRef PayloadType, bool IsSplit);

    /// <summary>Inside a split loop: how to name the step variable and the items at this depth.</summary>
    private sealed record Item(int Depth)
    {
        public string StepVariable => "itemStep" + Depth;
    }

    public static string Emit(FlowSpec flow) => new FlowEmitter(flow).Write();

    private string Write()
    {
        if (_flow.Namespace is not null)
        {
            _w.Open($"namespace {Identifier.Namespace(_flow.Namespace)}");
        }

        foreach (var outer in _flow.ContainingTypes)
        {
            _w.Open($"partial {Keyword(outer.Kind)} {Identifier.Type(outer.Name)}");
        }

        _w.Open($"partial class {Identifier.Type(_flow.ClassName)} : global::FlowSdk.IFlow<{_flow.PayloadType.FullName}, {_flow.OutputType.FullName}>{EntryInterfaces()}");
        WriteDefinition();
        WriteRetryPipelines();
        WriteRunWithoutContext();
        WriteRun();
        for (var i = 0; i < _continuations.Count; i++)
        {
            WriteContinuation(_continuations[i]);
        }

        WriteEntries();

        _w.Close();
        foreach (var _ in _flow.ContainingTypes)
        {
            _w.Close();
        }

        if (_flow.Namespace is not null)
        {
            _w.Close();
        }

        return _w.ToString();
    }

    private void WriteDefinition()
    {
        _w.Line($"/// <summary>What hosts need to know about flow '{Literal.InDocComment(_flow.FlowName)}'.</summary>");
        _w.Line(GeneratedFile.GeneratedCode);
        _w.Line("public static global::FlowSdk.FlowDefinition Definition { get; } = new(");
        _w.Line($"    flow: {AttributeExpressions.Flow(_flow.Options)},");
        _w.Line($"    flowType: typeof({_flow.FullyQualifiedName}),");
        _w.Line($"    payloadType: typeof({_flow.PayloadType.TypeOfName}),");
        _w.Line($"    outputType: typeof({_flow.OutputType.TypeOfName}),");
        _w.Line("    steps: new global::FlowSdk.FlowStepDefinition[]");
        _w.Line("    {");
        foreach (var step in _flow.Steps)
        {
            _w.Line($"        new({Literal.String(step.Name)}, global::FlowSdk.FlowStepKind.{step.Kind}),");
        }

        foreach (var entry in _flow.Entries ?? ImmutableEquatableArray<EntrySpec>.Empty)
        {
            _w.Line($"        new({Literal.String(entry.Name)}, global::FlowSdk.FlowStepKind.Entry),");
        }

        _w.Line("    },");
        _w.Line("    triggers: new global::FlowSdk.TriggerAttribute[]");
        _w.Line("    {");
        foreach (var trigger in _flow.Triggers)
        {
            _w.Line($"        {AttributeExpressions.Trigger(trigger)},");
        }

        _w.Line("    },");
        _w.Line($"    retry: {(_flow.Retry is null ? "null" : AttributeExpressions.Retry(_flow.Retry))}{(_flow.Declarations is { Count: > 0 } || _flow.HasEntries ? "," : ");")}");
        if (_flow.Declarations is { Count: > 0 } declarations)
        {
            _w.Line("    declarations: new global::FlowSdk.FlowDeclarationAttribute[]");
            _w.Line("    {");
            foreach (var declaration in declarations)
            {
                _w.Line($"        {AttributeExpressions.Declaration(declaration)},");
            }

            _w.Line(_flow.HasEntries ? "    }," : "    });");
        }

        if (_flow.HasEntries)
        {
            _w.Line("    entries: new global::FlowSdk.FlowEntryDefinition[]");
            _w.Line("    {");
            foreach (var entry in _flow.Entries!)
            {
                _w.Line($"        new({Literal.String(entry.Name)}, typeof({entry.PayloadIn.TypeOfName})),");
            }

            _w.Line("    });");
        }

        _w.Line();
    }

    private void WriteRetryPipelines()
    {
        for (var i = 0; i < _flow.Steps.Count; i++)
        {
            if (_flow.Steps[i].Retry is { } retry)
            {
                _w.Line($"// [Retry] on '{_flow.Steps[i].Name}': built once, shared by every execution.");
                _w.Line(GeneratedFile.GeneratedCode);
                _w.Line($"private static readonly global::Polly.ResiliencePipeline {RetryField(i)} = global::FlowSdk.StepRetry.Create({AttributeExpressions.Retry(retry)});");
                _w.Line();
            }
        }
    }

    private string RetryField(int index) => "s_" + char.ToLowerInvariant(_flow.Steps[index].Name[0]) + _flow.Steps[index].Name.Substring(1) + (index + 1) + "Retry";

    private void WriteRunWithoutContext()
    {
        if (!_flow.UsesContext)
        {
            // No step reads the context, so one shared instance serves every direct run.
            _w.Line(GeneratedFile.GeneratedCode);
            _w.Line($"private static readonly global::FlowSdk.FlowContext s_detachedContext = new({Literal.String(_flow.FlowName)});");
            _w.Line();
        }

        var context = _flow.UsesContext ? $"new global::FlowSdk.FlowContext({Literal.String(_flow.FlowName)})" : "s_detachedContext";
        _w.Line("/// <summary>Runs every step of the flow for <paramref name=\"payload\"/> with a fresh context.</summary>");
        _w.Line(GeneratedFile.GeneratedCode);
        _w.Line($"public global::System.Threading.Tasks.ValueTask<{_result}> RunAsync({_flow.PayloadType.FullName} payload, global::System.Threading.CancellationToken cancellationToken = default)");
        _w.Line($"    => RunAsync(payload, {context}, cancellationToken);");
        _w.Line();
    }

    private void WriteRun()
    {
        _w.Line("/// <summary>Runs every step of the flow for <paramref name=\"payload\"/> with a caller-owned <paramref name=\"context\"/>.</summary>");
        _w.Line(GeneratedFile.GeneratedCode);
        _w.Open($"public global::System.Threading.Tasks.ValueTask<{_result}> RunAsync({_flow.PayloadType.FullName} payload, global::FlowSdk.FlowContext context, global::System.Threading.CancellationToken cancellationToken = default)");
        _w.Line("cancellationToken.ThrowIfCancellationRequested();");
        _w.Line($"var step = {Enter(0, "payload")};");
        _w.Open("try");
        WriteSteps(0, "payload", Mode.Sync, item: null);
        _w.Close();
        _w.Open(CatchFilter);
        _w.Line($"return new({_result}.Failed(step, e));");
        _w.Close();
        _w.Close();
    }

    private void WriteContinuation(Continuation continuation)
    {
        var step = _flow.Steps[continuation.StepIndex];
        var parameters = continuation.IsSplit || !step.ProducesPayload
            ? $"{continuation.PayloadType.FullName} {continuation.Payload}, "
            : string.Empty;
        var pending = continuation.IsSplit ? string.Empty : $"{step.ReturnType.FullName} pending, ";

        _w.Line();
        _w.Line(continuation.IsSplit
            ? $"// The split '{step.Name}' or a step after it may await: the items run here."
            : $"// '{step.Name}' was still running: await it, then run the steps after it.");
        _w.Line(GeneratedFile.GeneratedCode);
        _w.Open($"private async global::System.Threading.Tasks.ValueTask<{_result}> {continuation.MethodName}({pending}{parameters}global::FlowSdk.FlowContext context, global::System.Threading.CancellationToken cancellationToken)");
        _w.Line($"var step = {Literal.String(step.Name)};");
        _w.Open("try");
        if (continuation.IsSplit)
        {
            WriteSteps(continuation.StepIndex, continuation.Payload, Mode.Async, item: null);
        }
        else
        {
            var payload = continuation.Payload;
            if (step.Kind == StepKind.Filter)
            {
                _w.Line("if (!await pending.ConfigureAwait(false))");
                WriteFiltered(Mode.Async, item: null);
            }
            else if (step.ProducesPayload)
            {
                payload = Variable(continuation.StepIndex);
                _w.Line($"var {payload} = await pending.ConfigureAwait(false);");
            }
            else
            {
                _w.Line("await pending.ConfigureAwait(false);");
            }

            WriteSteps(continuation.StepIndex + 1, payload, Mode.Async, item: null, named: false);
        }

        _w.Close();
        _w.Open(CatchFilter);
        _w.Line($"return {_result}.Failed(step, e);");
        _w.Close();
        _w.Close();
    }

    /// <summary>Writes steps from <paramref name="start"/> to the end, carrying the payload variable <paramref name="payload"/>.</summary>
    /// <param name="named">Whether the step variable already names the step at <paramref name="start"/>.</param>
    private void WriteSteps(int start, string payload, Mode mode, Item? item, bool named = true)
    {
        var stepVariable = item?.StepVariable ?? "step";
        for (var i = start; i < _flow.Steps.Count; i++)
        {
            var step = _flow.Steps[i];
            if (i != start || !named)
            {
                _w.Line($"{stepVariable} = {Enter(i, payload)};");
            }

            var call = step.Retry is null ? Call(step, payload) : RetriedCall(i, payload);
            if (step.Kind == StepKind.Split)
            {
                if (mode == Mode.Sync && item is null && !StaysSynchronous(i))
                {
                    var name = MethodName("Run", step, i);
                    _continuations.Add(new Continuation(i, name, payload, step.PayloadIn, IsSplit: true));
                    _w.Line($"return {name}({payload}, context, cancellationToken);");
                    return;
                }

                WriteSplit(i, call, mode, item);
                return;
            }

            if (!step.CanBeAsync)
            {
                if (step.Kind == StepKind.Filter)
                {
                    _w.Line($"if (!{call})");
                    WriteFiltered(mode, item);
                }
                else if (step.ProducesPayload)
                {
                    payload = Variable(i);
                    _w.Line($"var {payload} = {call};");
                }
                else
                {
                    _w.Line($"{call};");
                }

                continue;
            }

            string result;
            if (mode == Mode.Async)
            {
                result = $"await {call}.ConfigureAwait(false)";
            }
            else
            {
                var task = "t" + (i + 1);
                var name = MethodName("ContinueAfter", step, i);
                _continuations.Add(new Continuation(i, name, payload, step.PayloadIn, IsSplit: false));
                var carried = step.ProducesPayload ? string.Empty : payload + ", ";
                _w.Line($"var {task} = {call};");
                _w.Line($"if (!{task}.IsCompletedSuccessfully) return {name}({task}, {carried}context, cancellationToken);");
                result = step.Return is ReturnKind.ValueTask or ReturnKind.Task ? $"{task}.GetAwaiter().GetResult()" : $"{task}.Result";
            }

            if (step.Kind == StepKind.Filter)
            {
                _w.Line($"if (!{result})");
                WriteFiltered(mode, item);
            }
            else if (step.ProducesPayload)
            {
                payload = Variable(i);
                _w.Line($"var {payload} = {result};");
            }
            else if (mode == Mode.Async || step.Return == ReturnKind.ValueTask)
            {
                // A completed ValueTask is still consumed, so a pooled source behind it is released.
                _w.Line($"{result};");
            }
        }

        if (item is not null)
        {
            _w.Line($"tally.ItemCompleted({payload});");
        }
        else
        {
            _w.Line(Return($"{_result}.Completed({payload})", mode));
        }
    }

    /// <summary>Writes a split: every item runs the remaining steps; an item's failure is counted and the next one runs.</summary>
    private void WriteSplit(int index, string call, Mode mode, Item? outer)
    {
        var step = _flow.Steps[index];
        var item = new Item((outer?.Depth ?? 0) + 1);
        var itemVariable = "item" + item.Depth;
        if (outer is null)
        {
            _w.Line($"var tally = new global::FlowSdk.SplitTally<{_flow.OutputType.FullName}>();");
        }

        _w.Open(step.Return == ReturnKind.AsyncEnumerable
            ? $"await foreach (var {itemVariable} in global::System.Threading.Tasks.TaskAsyncEnumerableExtensions.ConfigureAwait({call}, false))"
            : $"foreach (var {itemVariable} in {call})");
        _w.Line("cancellationToken.ThrowIfCancellationRequested();");
        if (index + 1 == _flow.Steps.Count)
        {
            _w.Line($"tally.ItemCompleted({itemVariable});");
        }
        else
        {
            _w.Line($"var {item.StepVariable} = {Enter(index + 1, itemVariable)};");
            _w.Open("try");
            WriteSteps(index + 1, itemVariable, mode, item);
            _w.Close();
            _w.Open(CatchFilter);
            _w.Line($"tally.ItemFailed({item.StepVariable}, e);");
            _w.Close();
        }

        _w.Close();
        if (outer is null)
        {
            _w.Line(Return($"{_result}.Split(tally)", mode));
        }
    }

    private void WriteFiltered(Mode mode, Item? item)
    {
        _w.Open(string.Empty);
        if (item is not null)
        {
            _w.Line("tally.ItemFiltered();");
            _w.Line("continue;");
        }
        else
        {
            _w.Line(Return($"{_result}.Filtered()", mode));
        }

        _w.Close();
    }

    /// <summary>Whether a split and every step after it can run without awaiting, so the fast path keeps the loop.</summary>
    private bool StaysSynchronous(int splitIndex)
    {
        if (_flow.Steps[splitIndex].Return != ReturnKind.Enumerable)
        {
            return false;
        }

        for (var i = splitIndex + 1; i < _flow.Steps.Count; i++)
        {
            if (_flow.Steps[i].CanBeAsync)
            {
                return false;
            }
        }

        return true;
    }

    private string Call(StepSpec step, string payload, string self = "this", string context = "context", string cancellationToken = "cancellationToken") =>
        Call(step.Name, step.IsStatic, step.Arguments, payload, self, context, cancellationToken);

    private string Call(string method, bool isStatic, ImmutableEquatableArray<ArgumentSpec> parameters, string payload, string self = "this", string context = "context", string cancellationToken = "cancellationToken")
    {
        var arguments = parameters.Select(a => a.Kind switch
        {
            ArgumentKind.Context => context,
            ArgumentKind.CancellationToken => cancellationToken,
            ArgumentKind.Configuration => $"{context}.GetConfiguration<{_flow.ConfigurationType!.FullName}>()",
            _ => payload,
        });
        var target = isStatic ? Identifier.Type(_flow.ClassName) : self;
        return $"{target}.{Identifier.Member(method)}({string.Join(", ", arguments)})";
    }

    /// <summary>A retried step: the call runs through its pipeline with a static callback and the state in a value tuple.</summary>
    private string RetriedCall(int index, string payload)
    {
        var step = _flow.Steps[index];
        var call = Call(step, "state.Payload", "state.Flow", "state.Context", "ct");
        var callback = step.DeclaredReturn switch
        {
            ReturnKind.Void => $"{{ {call}; return default; }}",
            ReturnKind.Task => $"new global::System.Threading.Tasks.ValueTask({call})",
            ReturnKind.Value or ReturnKind.TaskOf => $"new {step.ReturnType.FullName}({call})",
            _ => call,
        };
        return $"{RetryField(index)}.ExecuteAsync(static (state, ct) => {callback}, (Flow: this, Payload: {payload}, Context: context), cancellationToken)";
    }

    /// <summary>A continuation's name: after the step, with its position when several steps share a method name.</summary>
    private string MethodName(string prefix, StepSpec step, int index) =>
        _flow.Steps.Count(s => s.Name == step.Name) > 1
            ? $"{prefix}{step.Name}{index + 1}Async"
            : $"{prefix}{step.Name}Async";

    private static string Keyword(ContainingTypeKind kind) => kind switch
    {
        ContainingTypeKind.Struct => "struct",
        ContainingTypeKind.Record => "record",
        ContainingTypeKind.RecordStruct => "record struct",
        ContainingTypeKind.Interface => "interface",
        _ => "class",
    };

    private static string Variable(int index) => "p" + (index + 1);

    /// <summary>
    /// Marks step <paramref name="index"/> as running: an observer on the context sees it with the <paramref name="payload"/>
    /// entering it, the name is kept for failures.
    /// </summary>
    private string Enter(int index, string payload) => $"context.EnterStep({index}, {Literal.String(_flow.Steps[index].Name)}, {payload})";

    private static string Return(string result, Mode mode) =>
        mode == Mode.Sync ? $"return new({result});" : $"return {result};";
}
