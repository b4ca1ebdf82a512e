using System.Collections.Concurrent;
using FlowSdk.Hosting;

namespace FlowSdk.Dashboard.Tests;

/// <summary>
/// The sink the instance dead-letter sink hands every letter on to after storing it: a test waits here for a dead letter
/// to be in the store, instead of polling for it.
/// </summary>
public sealed class DeadLetterSignal : IFlowDeadLetterSink
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly ConcurrentDictionary<Guid, TaskCompletionSource> _stored = new();

    public ValueTask WriteAsync(FlowDeadLetter letter, CancellationToken cancellationToken)
    {
        For(letter.ExecutionId).TrySetResult();
        return ValueTask.CompletedTask;
    }

    /// <summary>Completes once the dead letter of <paramref name="executionId"/> is stored.</summary>
    public Task StoredAsync(Guid executionId) => For(executionId).Task.WaitAsync(Timeout);

    private TaskCompletionSource For(Guid executionId) =>
        _stored.GetOrAdd(executionId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
