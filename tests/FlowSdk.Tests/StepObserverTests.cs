using FlowSdk.Tests.Flows;

namespace FlowSdk.Tests;

public sealed class StepObserverTests
{
    [Fact]
    public async Task An_observer_on_the_context_sees_every_step_start_in_order_across_awaits()
    {
        var observer = new Recorder();
        var context = new FlowContext("async-shapes") { StepObserver = observer };

        await new AsyncShapesFlow { Yield = true }.RunAsync("3", context);

        Assert.Equal([0, 1, 2, 3, 4, 5, 6], observer.Steps);
    }

    [Fact]
    public async Task A_split_enters_the_steps_after_it_once_per_item()
    {
        var observer = new Recorder();
        var context = new FlowContext("batch-lines") { StepObserver = observer };

        await new BatchFlow().RunAsync(new Batch("b", [11, 0]), context);

        // Lines, then per item: 11 → NotZero, Invert, Keep; 0 → NotZero (filtered).
        Assert.Equal([0, 1, 2, 3, 1], observer.Steps);
    }

    [Fact]
    public async Task A_filtered_execution_stops_entering_steps()
    {
        var observer = new Recorder();

        await new OrderFlow().RunAsync(new Order(1, 5m, "x"), new FlowContext("orders") { StepObserver = observer });

        Assert.Equal([0], observer.Steps);
    }

    [Fact]
    public async Task An_observer_sees_the_payload_entering_each_step_including_every_split_item()
    {
        var observer = new PayloadRecorder();
        var context = new FlowContext("batch-lines") { StepObserver = observer };

        await new BatchFlow().RunAsync(new Batch("b", [11, 0]), context);

        // Lines takes the batch; then per item: NotZero and Invert take the line, Keep takes Invert's result (100 / -2).
        Assert.Equal(["0:Batch", "1:11", "2:11", "3:-50", "1:0"], observer.Seen);
    }

    [Fact]
    public async Task An_observer_without_the_payload_overload_is_still_told_through_the_default()
    {
        var observer = new Recorder();
        var context = new FlowContext("batch-lines") { StepObserver = observer };

        await new BatchFlow().RunAsync(new Batch("b", [11]), context);

        Assert.Equal([0, 1, 2, 3], observer.Steps);
    }

    private sealed class PayloadRecorder : IFlowStepObserver
    {
        public List<string> Seen { get; } = [];

        public void OnStepStarting(FlowContext context, int stepIndex) => throw new InvalidOperationException("Generated code calls the payload overload.");

        public void OnStepStarting<T>(FlowContext context, int stepIndex, T payload) =>
            Seen.Add(stepIndex + ":" + (payload is Batch ? "Batch" : Convert.ToString(payload, System.Globalization.CultureInfo.InvariantCulture)));
    }

    private sealed class Recorder : IFlowStepObserver
    {
        public List<int> Steps { get; } = [];

        public void OnStepStarting(FlowContext context, int stepIndex) => Steps.Add(stepIndex);
    }
}
