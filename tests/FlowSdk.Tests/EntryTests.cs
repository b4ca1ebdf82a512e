using FlowSdk.Tests.Flows;

namespace FlowSdk.Tests;

/// <summary>A flow whose triggers deliver different payloads runs each through its entry, then every step.</summary>
public sealed class EntryTests
{
    private static readonly ScheduledTick Tick = new(DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);

    [Fact]
    public async Task The_first_steps_payload_runs_directly_and_an_entrys_payload_runs_through_its_entry()
    {
        var flow = new SignupFlow();
        var direct = await flow.RunAsync(new Signup("a@x.test", true));
        Assert.Equal((FlowOutcome.Completed, "a@x.test"), (direct.Outcome, direct.Output));

        var line = await flow.RunAsync("b@x.test,1");
        Assert.Equal((FlowOutcome.Completed, "b@x.test"), (line.Outcome, line.Output));

        var filtered = await flow.RunAsync("c@x.test,0");
        Assert.Equal(FlowOutcome.Filtered, filtered.Outcome);
        Assert.Equal(["a@x.test", "b@x.test"], flow.Pushed);
    }

    [Fact]
    public async Task An_entry_that_throws_fails_the_execution_at_the_entry()
    {
        var result = await new SignupFlow().RunAsync("no comma");
        Assert.Equal(FlowOutcome.Failed, result.Outcome);
        Assert.Equal("FromLine", result.FailedStep);
        Assert.IsType<FormatException>(result.Exception);
    }

    [Fact]
    public async Task An_entry_handing_over_several_payloads_runs_each_and_counts_them_like_a_split()
    {
        var flow = new SignupFlow();
        flow.Stale.AddRange([new("a@x.test", true), new("b@x.test", false), new("not-an-email", true), new("d@x.test", true)]);

        var result = await flow.RunAsync(Tick);

        Assert.Equal(FlowOutcome.Failed, result.Outcome);
        Assert.Equal((2, 1, 1), (result.CompletedItems, result.FilteredItems, result.FailedItems));
        Assert.Equal("Map", result.FailedStep);
        Assert.Equal(["a@x.test", "d@x.test"], flow.Pushed);
    }

    [Fact]
    public async Task Cancellation_stops_an_entrys_items_and_throws()
    {
        var flow = new SignupFlow();
        flow.Stale.AddRange([new("a@x.test", true), new("b@x.test", true)]);
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await flow.RunAsync(Tick, cancel.Token));
        Assert.Empty(flow.Pushed);
    }

    [Fact]
    public async Task A_FlowInput_message_runs_the_way_its_entry_says()
    {
        IFlow<SignupFlow.FlowInput, string> flow = new SignupFlow();
        var context = new FlowContext("entry-signups");
        Assert.Equal("a@x.test", (await flow.RunAsync(new SignupFlow.FlowInput(new Signup("a@x.test", true)), context)).Output);
        Assert.Equal("b@x.test", (await flow.RunAsync(new SignupFlow.FlowInput("b@x.test,1"), context)).Output);

        var unknown = await flow.RunAsync(new SignupFlow.FlowInput("x") { Entry = "Gone" }, context);
        Assert.Equal((FlowOutcome.Failed, "Gone"), (unknown.Outcome, unknown.FailedStep));
        Assert.Contains("has no entry 'Gone'", unknown.Exception!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_ValueTask_entry_continues_after_an_await()
    {
        var flow = new ValueTaskEntryFlow { Gate = new(TaskCreationOptions.RunContinuationsAsynchronously) };
        Assert.Equal(42, (await flow.RunAsync("21")).Output);

        var pending = flow.RunAsync(Tick);
        Assert.False(pending.IsCompleted);
        flow.Gate.SetResult(5);
        Assert.Equal(10, (await pending).Output);
    }

    [Fact]
    public void The_definition_lists_the_entries_and_the_payload_each_trigger_delivers()
    {
        var definition = SignupFlow.Definition;
        Assert.Equal(["IsActive", "Map", "Push", "Recheck", "FromLine"], definition.Steps.Select(s => s.Name));
        Assert.Equal(FlowStepKind.Entry, definition.Steps[3].Kind);
        Assert.Equal([typeof(Signup), typeof(ScheduledTick), typeof(string)], definition.Triggers.Select(definition.PayloadTypeOf));
        Assert.Equal(["Recheck", "FromLine"], definition.Entries.Select(e => e.Name));
        Assert.Equal([null, "Recheck", "FromLine"], SignupFlow.FlowInput.Entries.Select(e => e.Name));
    }

    [Fact]
    public void A_synchronous_entry_allocates_nothing_per_message()
    {
        var flow = new ValueTaskEntryFlow();
        var context = new FlowContext("entry-valuetask");
        IFlow<ValueTaskEntryFlow.FlowInput, int> asMessages = flow;
        var message = new ValueTaskEntryFlow.FlowInput("7");
        long sum = 0, runs = 0;

        Assert.Equal(0, SteadyState.AllocatedBytes(10_000, _ =>
        {
            runs++;
            sum += Completed(asMessages.RunAsync(message, context)).Output;
        }));
        Assert.Equal(runs * 14, sum);
    }

    private static FlowResult<int> Completed(ValueTask<FlowResult<int>> run) =>
        run.IsCompletedSuccessfully ? run.Result : throw new InvalidOperationException("The run did not complete synchronously.");
}
