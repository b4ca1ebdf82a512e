using FlowSdk;
using FlowSdk.Hosting;

namespace CustomerSync;

/// <summary>Prints every execution's outcome so a newcomer sees the flow run.</summary>
public sealed class ConsoleOutcomePrinter : IFlowExecutionListener
{
    private readonly Lock _gate = new();
    private readonly Dictionary<Guid, TaskCompletionSource<FlowOutcome>> _awaited = [];

    /// <summary>A task that completes with the outcome of execution <paramref name="executionId"/>.</summary>
    public Task<FlowOutcome> OutcomeOf(Guid executionId)
    {
        lock (_gate)
        {
            if (!_awaited.TryGetValue(executionId, out var source))
            {
                source = new TaskCompletionSource<FlowOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
                _awaited.Add(executionId, source);
            }

            return source.Task;
        }
    }

    /// <inheritdoc/>
    public void OnExecutionFinished(in FlowExecutionReport report)
    {
        var detail = report.Outcome switch
        {
            FlowOutcome.Completed => "completed",
            FlowOutcome.Filtered => "filtered (inactive customer, not sent)",
            _ => $"failed at step {report.FailedStep} after {report.Attempts} attempt(s): {report.Exception?.Message}",
        };
        Console.WriteLine($"  {report.FlowName} execution {report.ExecutionId}: {detail} in {report.Duration.TotalMilliseconds:F0} ms");

        TaskCompletionSource<FlowOutcome>? source;
        lock (_gate)
        {
            if (!_awaited.TryGetValue(report.ExecutionId, out source))
            {
                source = new TaskCompletionSource<FlowOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
                _awaited.Add(report.ExecutionId, source);
            }
        }

        source.TrySetResult(report.Outcome);
    }
}
