namespace FlowSdk.Durability.Worker;

/// <summary>A webhook's body: the client's sequence number, so a test can tell its requests apart.</summary>
public sealed record Job(int Seq);

/// <summary>
/// The default-instance webhook flow: a slow job (it works for the configured delay) that journals
/// <c>begin executionId delivery nodeId</c> when it starts and <c>job ...</c> when done. Lines per delivery, so a
/// redelivered job shows twice, and a job begun and not done was running when its process died.
/// </summary>
[Flow("jobs")]
[WebhookTrigger(WorkerKeys.JobRoute)]
public sealed partial class JobFlow(Journal journal, WorkerSettings settings)
{
    [Step]
    public async Task Work(Job job, FlowContext context, CancellationToken cancellationToken)
    {
        journal.Write(WorkerKeys.Lines.Begin, context.ExecutionId, context.Delivery);
        await Task.Delay(settings.StepDelay, cancellationToken);
        journal.Write(WorkerKeys.Lines.Job, context.ExecutionId, context.Delivery);
    }
}
