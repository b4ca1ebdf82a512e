namespace FlowSdk.Durability.Worker;

/// <summary>An instance job: <c>poison</c> kills the process that runs it; anything else works for <see cref="DelayMs"/>.</summary>
public sealed record InstanceJob(string Kind, int DelayMs);

/// <summary>
/// The instance flow (history and dead letters are kept for instances): journals <c>begin</c> when it starts and
/// <c>done</c> when its work is over, so a test can pause its process while it runs; a poison job journals
/// <c>crash</c> and kills its own process, as a message that crashes its node every time it is delivered would.
/// </summary>
[Flow(WorkerKeys.InstanceJobFlow, MaxConcurrency = 2)]
[ChannelTrigger]
public sealed partial class InstanceJobFlow(Journal journal)
{
    [Step]
    public async Task Work(InstanceJob job, FlowContext context, CancellationToken cancellationToken)
    {
        if (job.Kind == WorkerKeys.PoisonKind)
        {
            journal.Write(WorkerKeys.Lines.Crash, context.ExecutionId, context.Delivery);

            // SIGKILL to itself: no finally blocks, no flush of the store, no core dump; the same as the OOM killer.
            System.Diagnostics.Process.GetCurrentProcess().Kill();
            Environment.FailFast("SIGKILL did not stop the process."); // never reached: the kernel ends it above
        }

        journal.Write(WorkerKeys.Lines.Begin, context.ExecutionId, context.Delivery);
        await Task.Delay(job.DelayMs, cancellationToken);
        journal.Write(WorkerKeys.Lines.Done, context.ExecutionId, context.Delivery);
    }
}
