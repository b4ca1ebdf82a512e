using FlowSdk.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace FlowSdk.Instances.Hosting.Tests;

/// <summary><see cref="FlowOptions.History"/>: which instance executions the history records (the greeting flow is durable here).</summary>
public sealed class HistoryModeTests
{
    private const string Failure = "fail:refused";

    [Fact]
    public async Task With_history_Failures_only_a_failed_execution_is_recorded_and_an_accepted_message_leaves_no_pending_row()
    {
        await using var host = await StartAsync(FlowHistoryMode.Failures);
        var publisher = host.Services.GetRequiredService<IFlowInstancePublisher<GreetingFlow, Order>>();
        var history = host.Services.GetRequiredService<IExecutionHistory>();
        host.Recorder.Gate();

        var completed = await publisher.PublishAsync("acme", new Order(1));
        var failed = await publisher.PublishAsync("acme", new Order(2, Failure));

        // Stored and held at the step: with the default mode both would be listed as Pending or Running by now.
        await host.Recorder.Entered.When("acme", 1).WaitAsync(Recorder.Timeout);
        Assert.Null(await history.GetExecutionAsync(completed));
        Assert.Null(await history.GetExecutionAsync(failed));

        host.Recorder.Release();
        await host.Services.GetRequiredService<Finished>().WaitForAsync(failed);
        var recorder = host.Services.GetRequiredService<InstanceExecutionRecorder>();
        await recorder.WhenWritten(1).WaitAsync(Recorder.Timeout);

        Assert.Equal(1, recorder.Queued);
        Assert.Null(await history.GetExecutionAsync(completed));
        var row = await history.GetExecutionAsync(failed);
        Assert.Equal((ExecutionOutcome.Failed, "Check"), (row?.Outcome, row?.FailedStep));
        Assert.Equal([failed], (await history.QueryAsync(new ExecutionQuery { InstanceId = "acme" })).Select(r => r.ExecutionId));
    }

    [Fact]
    public async Task With_history_Off_no_execution_is_recorded()
    {
        await using var host = await StartAsync(FlowHistoryMode.Off);
        var publisher = host.Services.GetRequiredService<IFlowInstancePublisher<GreetingFlow, Order>>();

        await publisher.PublishAsync("acme", new Order(1));
        var failed = await publisher.PublishAsync("acme", new Order(2, Failure));
        await host.Services.GetRequiredService<Finished>().WaitForAsync(failed);

        // The recorder is told before this test's listener (registration order), so both reports have been offered to it.
        Assert.Equal(0, host.Services.GetRequiredService<InstanceExecutionRecorder>().Queued);
        Assert.Empty(await host.Services.GetRequiredService<IExecutionHistory>().QueryAsync(new ExecutionQuery { InstanceId = "acme" }));
    }

    private static async Task<InstanceHost> StartAsync(FlowHistoryMode mode)
    {
        var host = await InstanceHost.StartAsync(services =>
        {
            services.Configure<FlowOptions>("greeting", o => o.History = mode);
            services.AddSingleton<Finished>();
            services.AddSingleton<IFlowExecutionListener>(sp => sp.GetRequiredService<Finished>());
        });
        await host.DeployAsync("acme", "greeting");
        return host;
    }

    /// <summary>Tells when an execution's report went out to the listeners.</summary>
    private sealed class Finished : IFlowExecutionListener
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, TaskCompletionSource> _ends = new();

        public void OnExecutionFinished(in FlowExecutionReport report) => End(report.ExecutionId).TrySetResult();

        public Task WaitForAsync(Guid executionId) => End(executionId).Task.WaitAsync(Recorder.Timeout);

        private TaskCompletionSource End(Guid executionId) =>
            _ends.GetOrAdd(executionId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
    }
}
