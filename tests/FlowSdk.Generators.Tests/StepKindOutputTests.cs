using Microsoft.CodeAnalysis.Testing;

namespace FlowSdk.Generators.Tests;

/// <summary>
/// For every step kind: the generated code compiles without a diagnostic (checked by the source-generator test
/// harness) and has the shape the kind calls for.
/// </summary>
public sealed class StepKindOutputTests
{
    public static TheoryData<string, string, string[]> Kinds => new()
    {
        {
            "transform", "[Step] public int Length(string s) => s.Length;",
            ["var p2 = this.Length(p1);", "return new(global::FlowSdk.FlowResult<int>.Completed(p2));"]
        },
        {
            "side effect", "[Step] public void Log(string s) { }",
            ["this.Log(p1);", "return new(global::FlowSdk.FlowResult<string>.Completed(p1));"]
        },
        {
            "filter", "[Filter] public bool Keep(string s) => s.Length > 0;",
            ["if (!this.Keep(p1))", "return new(global::FlowSdk.FlowResult<string>.Filtered());"]
        },
        {
            "ValueTask<T>", "[Step] public ValueTask<int> Load(string s, CancellationToken ct) => new(s.Length);",
            ["var t2 = this.Load(p1, cancellationToken);", "if (!t2.IsCompletedSuccessfully) return ContinueAfterLoadAsync(t2, context, cancellationToken);", "var p2 = t2.Result;", "var p2 = await pending.ConfigureAwait(false);"]
        },
        {
            "ValueTask", "[Step] public ValueTask Save(string s) => ValueTask.CompletedTask;",
            ["if (!t2.IsCompletedSuccessfully) return ContinueAfterSaveAsync(t2, p1, context, cancellationToken);", "t2.GetAwaiter().GetResult();", "await pending.ConfigureAwait(false);"]
        },
        {
            "Task<T>", "[Step] public Task<int> Load(string s) => Task.FromResult(1);",
            ["if (!t2.IsCompletedSuccessfully) return ContinueAfterLoadAsync(t2, context, cancellationToken);", "var p2 = t2.Result;", "global::System.Threading.Tasks.Task<int> pending"]
        },
        {
            "Task", "[Step] public Task Save(string s) => Task.CompletedTask;",
            ["if (!t2.IsCompletedSuccessfully) return ContinueAfterSaveAsync(t2, p1, context, cancellationToken);", "global::System.Threading.Tasks.Task pending"]
        },
        {
            "ValueTask<bool> filter", "[Filter] public ValueTask<bool> Keep(string s) => new(true);",
            ["if (!t2.Result)", "if (!await pending.ConfigureAwait(false))", "return global::FlowSdk.FlowResult<string>.Filtered();"]
        },
        {
            "Task<bool> filter", "[Filter] public Task<bool> Keep(string s) => Task.FromResult(true);",
            ["if (!t2.IsCompletedSuccessfully) return ContinueAfterKeepAsync(t2, p1, context, cancellationToken);", "if (!t2.Result)"]
        },
        {
            "IEnumerable split", "[Split] public IEnumerable<char> Letters(string s) => s;",
            ["var tally = new global::FlowSdk.SplitTally<char>();", "foreach (var item1 in this.Letters(p1))", "tally.ItemCompleted(item1);", "return new(global::FlowSdk.FlowResult<char>.Split(tally));"]
        },
        {
            "IAsyncEnumerable split", "[Split] public async IAsyncEnumerable<char> Letters(string s) { await Task.Yield(); yield return 'a'; }",
            ["return RunLettersAsync(p1, context, cancellationToken);", "await foreach (var item1 in global::System.Threading.Tasks.TaskAsyncEnumerableExtensions.ConfigureAwait(this.Letters(p1), false))", "return global::FlowSdk.FlowResult<char>.Split(tally);"]
        },
        {
            "retried step", "[Step] [Retry(3)] public int Load(string s, CancellationToken ct) => s.Length;",
            ["private static readonly global::Polly.ResiliencePipeline s_load2Retry = global::FlowSdk.StepRetry.Create(new global::FlowSdk.RetryAttribute(3));", "var t2 = s_load2Retry.ExecuteAsync(static (state, ct) => new global::System.Threading.Tasks.ValueTask<int>(state.Flow.Load(state.Payload, ct)), (Flow: this, Payload: p1, Context: context), cancellationToken);"]
        },
        {
            "retried void step", "[Step] [Retry(2)] public void Save(string s) { }",
            ["s_save2Retry.ExecuteAsync(static (state, ct) => { state.Flow.Save(state.Payload); return default; }, (Flow: this, Payload: p1, Context: context), cancellationToken);", "t2.GetAwaiter().GetResult();"]
        },
        {
            "static with context", "[Step] private static string Stamp(string s, FlowContext context, CancellationToken ct) => s + context.FlowName;",
            ["var p2 = Kind.Stamp(p1, context, cancellationToken);"]
        },
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Each_step_kind_generates_code_that_compiles_cleanly(string kind, string step, string[] expectedLines)
    {
        Assert.NotEmpty(kind);
        var source = Flow(step);

        await new GeneratorTest
        {
            TestState = { Sources = { source } },
            TestBehaviors = TestBehaviors.SkipGeneratedSourcesCheck,
        }.RunAsync();

        var generated = GeneratorHarness.Generated(GeneratorHarness.Run(source).Result, "Demo.Kind")!;
        foreach (var line in expectedLines)
        {
            Assert.Contains(line, generated, StringComparison.Ordinal);
        }
    }

    private static string Flow(string step) => $$"""
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using FlowSdk;

        namespace Demo;

        [Flow("kind")]
        [ChannelTrigger]
        public sealed partial class Kind
        {
            [Step] public string First(string s) => s;
            {{step}}
        }
        """;
}
