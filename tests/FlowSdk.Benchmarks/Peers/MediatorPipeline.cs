using Mediator;

namespace FlowSdk.Benchmarks.Peers;

// The five steps as martinothamar/Mediator composes them: a request that carries the payload, one pipeline behaviour per
// step (1 to 4) that runs the step and hands the message on, and the handler that runs the last step. Every component
// calls the flow's own step method, so the work is the same as in the generated pipeline.

/// <summary>The payload in flight; behaviours replace <see cref="Value"/> as they run. One request per message.</summary>
public sealed class WorkingRequest(long value) : IRequest<long>
{
    public long Value { get; set; } = value;
}

/// <summary>The same, for the trivial steps.</summary>
public sealed class TrivialRequest(long value) : IRequest<long>
{
    public long Value { get; set; } = value;
}

public sealed class WorkingStep1Behavior(PeerSteps steps) : IPipelineBehavior<WorkingRequest, long>
{
    private readonly Glue.SyncWorking5Flow _flow = steps.Working;

    public ValueTask<long> Handle(WorkingRequest message, MessageHandlerDelegate<WorkingRequest, long> next, CancellationToken cancellationToken)
    {
        message.Value = _flow.S1(message.Value);
        return next(message, cancellationToken);
    }
}

public sealed class WorkingStep2Behavior(PeerSteps steps) : IPipelineBehavior<WorkingRequest, long>
{
    private readonly Glue.SyncWorking5Flow _flow = steps.Working;

    public ValueTask<long> Handle(WorkingRequest message, MessageHandlerDelegate<WorkingRequest, long> next, CancellationToken cancellationToken)
    {
        message.Value = _flow.S2(message.Value);
        return next(message, cancellationToken);
    }
}

public sealed class WorkingStep3Behavior(PeerSteps steps) : IPipelineBehavior<WorkingRequest, long>
{
    private readonly Glue.SyncWorking5Flow _flow = steps.Working;

    public ValueTask<long> Handle(WorkingRequest message, MessageHandlerDelegate<WorkingRequest, long> next, CancellationToken cancellationToken)
    {
        message.Value = _flow.S3(message.Value);
        return next(message, cancellationToken);
    }
}

public sealed class WorkingStep4Behavior(PeerSteps steps) : IPipelineBehavior<WorkingRequest, long>
{
    private readonly Glue.SyncWorking5Flow _flow = steps.Working;

    public ValueTask<long> Handle(WorkingRequest message, MessageHandlerDelegate<WorkingRequest, long> next, CancellationToken cancellationToken)
    {
        message.Value = _flow.S4(message.Value);
        return next(message, cancellationToken);
    }
}

public sealed class WorkingStep5Handler(PeerSteps steps) : IRequestHandler<WorkingRequest, long>
{
    private readonly Glue.SyncWorking5Flow _flow = steps.Working;

    public ValueTask<long> Handle(WorkingRequest request, CancellationToken cancellationToken) => new(_flow.S5(request.Value));
}

public sealed class TrivialStep1Behavior(PeerSteps steps) : IPipelineBehavior<TrivialRequest, long>
{
    private readonly Glue.SyncTrivial5Flow _flow = steps.Trivial;

    public ValueTask<long> Handle(TrivialRequest message, MessageHandlerDelegate<TrivialRequest, long> next, CancellationToken cancellationToken)
    {
        message.Value = _flow.S1(message.Value);
        return next(message, cancellationToken);
    }
}

public sealed class TrivialStep2Behavior(PeerSteps steps) : IPipelineBehavior<TrivialRequest, long>
{
    private readonly Glue.SyncTrivial5Flow _flow = steps.Trivial;

    public ValueTask<long> Handle(TrivialRequest message, MessageHandlerDelegate<TrivialRequest, long> next, CancellationToken cancellationToken)
    {
        message.Value = _flow.S2(message.Value);
        return next(message, cancellationToken);
    }
}

public sealed class TrivialStep3Behavior(PeerSteps steps) : IPipelineBehavior<TrivialRequest, long>
{
    private readonly Glue.SyncTrivial5Flow _flow = steps.Trivial;

    public ValueTask<long> Handle(TrivialRequest message, MessageHandlerDelegate<TrivialRequest, long> next, CancellationToken cancellationToken)
    {
        message.Value = _flow.S3(message.Value);
        return next(message, cancellationToken);
    }
}

public sealed class TrivialStep4Behavior(PeerSteps steps) : IPipelineBehavior<TrivialRequest, long>
{
    private readonly Glue.SyncTrivial5Flow _flow = steps.Trivial;

    public ValueTask<long> Handle(TrivialRequest message, MessageHandlerDelegate<TrivialRequest, long> next, CancellationToken cancellationToken)
    {
        message.Value = _flow.S4(message.Value);
        return next(message, cancellationToken);
    }
}

public sealed class TrivialStep5Handler(PeerSteps steps) : IRequestHandler<TrivialRequest, long>
{
    private readonly Glue.SyncTrivial5Flow _flow = steps.Trivial;

    public ValueTask<long> Handle(TrivialRequest request, CancellationToken cancellationToken) => new(_flow.S5(request.Value));
}
