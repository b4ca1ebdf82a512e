namespace FlowSdk.Hosting;

/// <summary>Completes a task with the final result, for request/response triggers that wait for it.</summary>
internal sealed class CompletionObserver<TOut> : IFlowExecutionObserver
{
    private readonly TaskCompletionSource<FlowResult<TOut>> _source = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<FlowResult<TOut>> Task => _source.Task;

    public void Complete(FlowResult<TOut> result) => _source.TrySetResult(result);

    public void OnFinished(Guid executionId, FlowOutcome outcome)
    {
    }

    public void OnAbandoned(Guid executionId) =>
        _source.TrySetException(new FlowAbandonedException());
}
