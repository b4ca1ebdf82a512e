using FlowSdk;
using FlowSdk.Hosting;

namespace CustomerSync;

/// <summary>
/// Prints every execution's outcome, prefixed with its instance, so a newcomer sees each customer's flows run, and lets
/// a caller await the outcome of an execution it started.
/// </summary>
public sealed class ConsoleOutcomePrinter(ContactCheckResults checks) : IFlowExecutionListener
{
    // Finished executions are kept a while, so a caller that asks after the execution finished still gets it.
    private const int Kept = 1024;

    private readonly Lock _gate = new();
    private readonly Dictionary<Guid, TaskCompletionSource<FlowExecutionSummary>> _executions = [];
    private readonly Queue<Guid> _order = new();
    private readonly Dictionary<string, TaskCompletionSource<FlowExecutionSummary>> _next = new(StringComparer.Ordinal);

    /// <summary>Whether executions of the customer-sync flow are printed as they finish (the demo prints its own grouped).</summary>
    public bool PrintSyncExecutions { get; set; } = true;

    /// <summary>A task that completes with the outcome of execution <paramref name="executionId"/>.</summary>
    public async Task<FlowOutcome> OutcomeOf(Guid executionId) => (await SummaryOf(executionId).ConfigureAwait(false)).Outcome;

    /// <summary>A task that completes with the summary of execution <paramref name="executionId"/>.</summary>
    public Task<FlowExecutionSummary> SummaryOf(Guid executionId)
    {
        lock (_gate)
        {
            return Entry(executionId).Task;
        }
    }

    /// <summary>A task that completes with the next execution of <paramref name="instanceId"/> to finish.</summary>
    public Task<FlowExecutionSummary> NextOf(string instanceId)
    {
        lock (_gate)
        {
            if (!_next.TryGetValue(instanceId, out var next))
            {
                next = new TaskCompletionSource<FlowExecutionSummary>(TaskCreationOptions.RunContinuationsAsynchronously);
                _next.Add(instanceId, next);
            }

            return next.Task;
        }
    }

    /// <inheritdoc/>
    public void OnExecutionFinished(in FlowExecutionReport report)
    {
        var summary = new FlowExecutionSummary(report.FlowName, report.InstanceId, report.ExecutionId, report.Outcome, Describe(report), report.Duration);
        if (PrintSyncExecutions || report.FlowName != CustomerSyncFlow.Name)
        {
            Console.WriteLine($"  [{report.InstanceId}] {report.FlowName}: {summary.Detail} in {report.Duration.TotalMilliseconds:F0} ms");
        }

        TaskCompletionSource<FlowExecutionSummary> entry;
        TaskCompletionSource<FlowExecutionSummary>? next;
        lock (_gate)
        {
            entry = Entry(report.ExecutionId);
            _next.Remove(report.InstanceId, out next);
        }

        entry.TrySetResult(summary);
        next?.TrySetResult(summary);
    }

    private string Describe(in FlowExecutionReport report) => report.Outcome switch
    {
        FlowOutcome.Completed when report.FlowName == ContactCheckFlow.Name && checks.TryTake(report.ExecutionId, out var count) =>
            $"scheduled check, the CRM holds {count} contact(s)",
        FlowOutcome.Completed => "completed",
        FlowOutcome.Filtered => "filtered (inactive customer, not sent)",
        _ => $"failed at step {report.FailedStep} after {report.Attempts} attempt(s): {report.Exception?.Message}",
    };

    private TaskCompletionSource<FlowExecutionSummary> Entry(Guid executionId)
    {
        if (!_executions.TryGetValue(executionId, out var entry))
        {
            entry = new TaskCompletionSource<FlowExecutionSummary>(TaskCreationOptions.RunContinuationsAsynchronously);
            _executions.Add(executionId, entry);
            _order.Enqueue(executionId);

            // Only finished entries are dropped: an awaited execution that has not finished keeps its entry.
            while (_order.Count > Kept && _executions.TryGetValue(_order.Peek(), out var oldest) && oldest.Task.IsCompleted)
            {
                _executions.Remove(_order.Dequeue());
            }
        }

        return entry;
    }
}

/// <summary>What the console shows of one finished execution.</summary>
/// <param name="FlowName">The flow.</param>
/// <param name="InstanceId">The instance it ran for.</param>
/// <param name="ExecutionId">The execution.</param>
/// <param name="Outcome">How it ended.</param>
/// <param name="Detail">A line about the outcome.</param>
/// <param name="Duration">How long it took.</param>
public sealed record FlowExecutionSummary(string FlowName, string InstanceId, Guid ExecutionId, FlowOutcome Outcome, string Detail, TimeSpan Duration);
