using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace FlowSdk.Hosting;

/// <summary>
/// One message on its way through a flow: the payload, the execution id it keeps on every delivery, the instance, what
/// accepted it and the span it came from. A stored message also carries its claim and delivery count.
/// Kept small: every message is copied into the channel and out of it, and a copy of a struct with references costs
/// in proportion to its size.
/// </summary>
internal readonly struct FlowMessage<TIn>
{
    // The parent span, boxed only when there is one (a traced request): most messages have none and carry a null.
    private readonly StrongBox<ActivityContext>? _parent;

    // The claim's fence; its execution id is the message's own.
    private readonly long _fence;

    /// <summary>Stands in the memory queue's channel for one message waiting in an instance lane.</summary>
    public static readonly FlowMessage<TIn> Ticket = new(default!, Guid.Empty, null, null, default, null) { IsTicket = true };

    public FlowMessage(TIn payload, Guid executionId, FlowInstanceBinding? instance, string? trigger, ActivityContext parent, IFlowExecutionObserver? observer)
    {
        Payload = payload;
        ExecutionId = executionId;
        Instance = instance;
        Trigger = trigger;
        _parent = parent == default ? null : new StrongBox<ActivityContext>(parent);
        Observer = observer;
    }

    public TIn Payload { get; }

    public Guid ExecutionId { get; }

    public FlowInstanceBinding? Instance { get; }

    public string InstanceId => Instance?.InstanceId ?? FlowContext.DefaultInstanceId;

    public string? Trigger { get; }

    public ActivityContext Parent => _parent?.Value ?? default;

    /// <summary>Told when the execution ends (a schedule's overlap guard, a caller waiting for the result); memory queue only.</summary>
    public IFlowExecutionObserver? Observer { get; }

    public bool IsTicket { get; private init; }

    /// <summary>1 on the first delivery; more when a stored message runs again after its node crashed.</summary>
    public int Delivery { get; init; } = 1;

    /// <summary>The store claim it runs under; default for a message of the memory queue.</summary>
    public MessageClaim Claim
    {
        get => _fence == 0 ? default : new(ExecutionId, _fence);
        init
        {
            Debug.Assert(value == default || value.ExecutionId == ExecutionId, "A claim belongs to its message's execution.");
            _fence = value.Fence;
        }
    }
}
