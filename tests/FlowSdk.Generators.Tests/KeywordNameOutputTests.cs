using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;

namespace FlowSdk.Generators.Tests;

/// <summary>
/// Names the user escaped with <c>@</c> because they are C# keywords (steps, flow classes, containing types, namespace
/// segments, configuration types) come out escaped wherever the generated code spells them as code, and plain wherever
/// it names them in strings.
/// </summary>
public sealed class KeywordNameOutputTests
{
    public static TheoryData<string, string, string> Steps => new()
    {
        { "sync step", "[Step] public int @class(string s) => s.Length;", ".@class(" },
        { "ValueTask<T> step", "[Step] public ValueTask<int> @default(string s, CancellationToken ct) => new(s.Length);", "ContinueAfterdefaultAsync(" },
        { "Task step", "[Step] public Task @lock(string s) => Task.CompletedTask;", ".@lock(" },
        { "filter", "[Filter] public bool @if(string s) => s.Length > 0;", ".@if(" },
        { "ValueTask<bool> filter", "[Filter] public ValueTask<bool> @is(string s) => new(true);", ".@is(" },
        { "split", "[Split] public IEnumerable<char> @foreach(string s) => s;", ".@foreach(" },
        { "async split", "[Split] public async IAsyncEnumerable<char> @in(string s) { await Task.Yield(); yield return 'a'; }", "RuninAsync(" },
        { "retried step", "[Step, Retry(2)] public int @try(string s, CancellationToken ct) => s.Length;", "s_try2Retry.ExecuteAsync(" },
        { "retried filter", "[Filter, Retry(2)] public bool @catch(string s) => true;", "state.Flow.@catch(state.Payload)" },
        { "static step", "[Step] public static int @this(string s, FlowContext context) => s.Length;", ".@this(" },

        // 'await' is reserved inside the async continuations; the other contextual keywords are identifiers where the
        // generated code calls a member, so they stay as written.
        { "contextual await", "[Step] public int await(string s) => s.Length;", ".@await(" },
        { "contextual async", "[Step] public ValueTask<int> async(string s) => new(s.Length);", ".async(" },
        { "contextual var", "[Step] public int var(string s) => s.Length;", ".var(" },
        { "contextual nameof", "[Step] public int nameof(string s) => s.Length;", ".nameof(" },
    };

    [Theory]
    [MemberData(nameof(Steps))]
    public void A_step_named_with_a_keyword_generates_code_that_compiles_cleanly(string kind, string step, string expected)
    {
        Assert.NotEmpty(kind);

        // Once where the step runs in the synchronous fast path, once inside an async continuation.
        var source = $$"""
            using System.Collections.Generic;
            using System.Threading;
            using System.Threading.Tasks;
            using FlowSdk;

            namespace Demo;

            [Flow("fast")]
            [ChannelTrigger]
            public sealed partial class Fast
            {
                [Step] public string First(string s) => s;
                {{step}}
            }

            [Flow("awaited")]
            [ChannelTrigger]
            public sealed partial class Awaited
            {
                [Step] public async ValueTask<string> First(string s) { await Task.Yield(); return s; }
                {{step}}
            }
            """;

        var (output, result) = GeneratorHarness.Run(source);

        AssertCompilesCleanly(output, result);
        Assert.Contains(expected, GeneratorHarness.Generated(result, "Demo.Fast")!, StringComparison.Ordinal);
        Assert.Contains(expected, GeneratorHarness.Generated(result, "Demo.Awaited")!, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> Types => new()
    {
        { "namespace Shop.@checked;", "public sealed partial class Orders" },
        { "namespace Shop.@checked.@base;", "public sealed partial class @event" },
        { "namespace Shop;", "public sealed partial class @record" },
        { "namespace Shop;", "public sealed partial class @required" },
        { "namespace Shop;", "public sealed partial class @file" },
        { "namespace Shop;", "public sealed partial class @scoped" },
        { "namespace @record;", "public partial class @static { public partial struct @struct { public sealed partial class @class" },
        { "namespace Shop;", "public partial record @record { public partial interface @interface { public sealed partial class @await" },
    };

    [Theory]
    [MemberData(nameof(Types))]
    public void A_flow_class_containing_type_or_namespace_named_with_a_keyword_compiles_cleanly(string namespaceDeclaration, string classDeclaration)
    {
        // The flow is the innermost class; every type around it is closed after it.
        var last = classDeclaration.LastIndexOf("public sealed partial class", StringComparison.Ordinal);
        var declaration = classDeclaration[..last] + "[Flow(\"keyword-type\")] [ChannelTrigger] " + classDeclaration[last..];
        var closing = new string('}', classDeclaration.Count(c => c == '{'));
        var source = $$"""
            using System.Threading.Tasks;
            using FlowSdk;

            {{namespaceDeclaration}}

            {{declaration}}
            {
                [Step] public static int Length(string s) => s.Length;
                [Step] public async ValueTask<int> Twice(int i) { await Task.Yield(); return i * 2; }
                [Step] public static int Add(int i) => i + 1;
            }
            {{closing}}

            [Flow("plain")]
            [ChannelTrigger]
            public sealed partial class Plain
            {
                [Step] public int Length(string s) => s.Length;
            }
            """;

        var (output, result) = GeneratorHarness.Run(source);

        AssertCompilesCleanly(output, result);
        Assert.Equal(3, result.GeneratedSources.Length); // both flows and the registration
    }

    [Fact]
    public void Payload_types_named_with_keywords_are_written_escaped_by_the_model()
    {
        var source = """
            using System.Collections.Generic;
            using System.Threading.Tasks;
            using FlowSdk;

            namespace Shop.@checked;

            public sealed record @class(int Id);
            public partial class @static { public sealed record @record(string Text); }

            [Flow("keyword-payloads")]
            [ChannelTrigger]
            public sealed partial class Orders
            {
                [Step] public @class Parse(string s) => new(s.Length);
                [Step] public async ValueTask<@static.@record?> Describe(@class c) { await Task.Yield(); return new(c.Id.ToString()); }
                [Split] public IEnumerable<@class> Repeat(@static.@record? r) { yield return new(1); }
                [Step, Retry(2)] public @static.@record Last(@class c) => new("last");
            }
            """;

        var (output, result) = GeneratorHarness.Run(source);

        AssertCompilesCleanly(output, result);
        var generated = GeneratorHarness.Generated(result, "Shop.checked.Orders")!;
        Assert.Contains("global::FlowSdk.IFlow<string, global::Shop.@checked.@static.@record>", generated, StringComparison.Ordinal);
        Assert.Contains("global::System.Threading.Tasks.ValueTask<global::Shop.@checked.@static.@record?> pending", generated, StringComparison.Ordinal);
        Assert.Contains("new global::System.Threading.Tasks.ValueTask<global::Shop.@checked.@static.@record>(state.Flow.Last(", generated, StringComparison.Ordinal);
    }

    private const string RunnableSource = """
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using FlowSdk;

        namespace Shop.@checked;

        public sealed class @operator
        {
            public int Offset { get; set; } = 100;
        }

        public partial class @static
        {
            [Flow("keyword-steps", Configuration = typeof(@operator))]
            [ChannelTrigger]
            [Retry(2)]
            public sealed partial class @event
            {
                public int ClassCalls;

                [Step] public int @class(int x) { ClassCalls++; return x < 0 ? throw new ArgumentException("negative") : x + 1; }
                [Filter] public bool @if(int x) => x != 1;
                [Step] public async ValueTask<int> @return(int x, CancellationToken ct) { await Task.Yield(); return x * 2; }
                [Step, Retry(2, BaseDelayMilliseconds = 0)] public int @int(int x, @operator @params) => x + @params.Offset;
                [Step] public static int @void(int x) => x;
                [Step] public int @throw(int x) => x > 1000 ? throw new InvalidOperationException("too big") : x;
            }
        }

        [Flow("keyword-split")]
        [ChannelTrigger]
        public sealed partial class @record
        {
            [Split] public IEnumerable<int> @foreach(int x) { yield return x; yield return -x; }
            [Filter] public bool @while(int x) => x != 0;
            [Step] public static int @throw(int x) => x < 0 ? throw new InvalidOperationException("negative") : x;
        }
        """;

    [Fact]
    public async Task Keyword_named_steps_run_and_a_failure_names_the_step_as_declared()
    {
        var (output, result) = GeneratorHarness.Run(RunnableSource);
        AssertCompilesCleanly(output, result);

        using var image = new MemoryStream();
        var emitted = output.Emit(image);
        Assert.True(emitted.Success, string.Join(Environment.NewLine, emitted.Diagnostics));
        image.Position = 0;

        var context = new AssemblyLoadContext(nameof(KeywordNameOutputTests), isCollectible: true);
        try
        {
            var assembly = context.LoadFromStream(image);
            var eventType = assembly.GetType("Shop.checked.static+event", throwOnError: true)!;
            var configuration = Activator.CreateInstance(assembly.GetType("Shop.checked.operator", throwOnError: true)!);
            FlowContext Context() => new("keyword-steps", "customer-1", configuration);

            var definition = (FlowDefinition)eventType.GetProperty("Definition")!.GetValue(null)!;
            Assert.Equal(["class", "if", "return", "int", "void", "throw"], definition.Steps.Select(s => s.Name));

            // 3 → class 4 → if → return 8 (after an await) → int 108 → void → throw 108.
            var flow = Activator.CreateInstance(eventType)!;
            var completed = await RunAsync(flow, 3, Context());
            Assert.Equal((FlowOutcome.Completed, 108), (completed.Outcome, completed.Output));
            Assert.Equal(1, (int)eventType.GetField("ClassCalls")!.GetValue(flow)!);

            Assert.Equal(FlowOutcome.Filtered, (await RunAsync(flow, 0, Context())).Outcome);

            // A failure in the fast path and one in the async continuation both name the step without its '@'.
            var failedFast = await RunAsync(flow, -1, Context());
            Assert.Equal((FlowOutcome.Failed, "class"), (failedFast.Outcome, failedFast.FailedStep));
            Assert.IsType<ArgumentException>(failedFast.Exception);
            var failedLate = await RunAsync(flow, 1000, Context());
            Assert.Equal((FlowOutcome.Failed, "throw"), (failedLate.Outcome, failedLate.FailedStep));
            Assert.IsType<InvalidOperationException>(failedLate.Exception);

            // The split: 5 and -5; -5 fails in the static step, 0 and -0 are filtered.
            var split = Activator.CreateInstance(assembly.GetType("Shop.checked.record", throwOnError: true)!)!;
            var items = await RunAsync(split, 5, context: null);
            Assert.Equal((FlowOutcome.Failed, "throw", 1, 1), (items.Outcome, items.FailedStep, items.CompletedItems, items.FailedItems));
            Assert.Equal((FlowOutcome.Filtered, 2), ((await RunAsync(split, 0, context: null)).Outcome, (await RunAsync(split, 0, context: null)).FilteredItems));
        }
        finally
        {
            context.Unload();
        }
    }

    [Fact]
    public void Payload_and_configuration_types_named_with_keywords_are_written_escaped()
    {
        var (_, result) = GeneratorHarness.Run(RunnableSource);

        var generated = GeneratorHarness.Generated(result, "Shop.checked.static.event")!;
        Assert.Contains("namespace Shop.@checked", generated, StringComparison.Ordinal);
        Assert.Contains("partial class @static", generated, StringComparison.Ordinal);
        Assert.Contains("partial class @event : global::FlowSdk.IFlow<int, int>", generated, StringComparison.Ordinal);
        Assert.Contains("typeof(global::Shop.@checked.@static.@event)", generated, StringComparison.Ordinal);
        Assert.Contains("state.Context.GetConfiguration<global::Shop.@checked.@operator>()", generated, StringComparison.Ordinal);
        Assert.Contains("new(\"class\", global::FlowSdk.FlowStepKind.Step)", generated, StringComparison.Ordinal);
        Assert.Contains("context.EnterStep(0, \"class\", payload)", generated, StringComparison.Ordinal);
        Assert.Contains("var step = \"return\";", generated, StringComparison.Ordinal);
        Assert.Contains("global::Shop.@checked.@static.@event.Definition", GeneratorHarness.Generated(result, "FlowRegistrations")!, StringComparison.Ordinal);
    }

    private static async Task<FlowResult<int>> RunAsync(object flow, int payload, FlowContext? context)
    {
        var method = context is null
            ? flow.GetType().GetMethod("RunAsync", [typeof(int), typeof(CancellationToken)])!
            : flow.GetType().GetMethod("RunAsync", [typeof(int), typeof(FlowContext), typeof(CancellationToken)])!;
        object?[] arguments = context is null ? [payload, CancellationToken.None] : [payload, context, CancellationToken.None];
        return await (ValueTask<FlowResult<int>>)method.Invoke(flow, arguments)!;
    }

    private static void AssertCompilesCleanly(Compilation output, GeneratorRunResult result)
    {
        Assert.Null(result.Exception);
        Assert.Empty(GeneratorHarness.Errors(output));
        Assert.NotEmpty(result.GeneratedSources);
    }
}
