using System.Diagnostics;

namespace FlowSdk.Hosting;

/// <summary>
/// One message on its way through a flow: the payload, the execution id it keeps on every delivery, the instance, what
/// accepted it and the span it came from. A stored message also carries its claim and delivery count.
/// </summary>
internal readonly struct FlowMessage<TIn>
{
    /// <summary>Stands in the memory queue's channel for one message waiting in an instance lane.</summary>
    public static readonly FlowMessage<TIn> Ticket = new(default!, Guid.Empty, null, null, default, null) { IsTicket = true };

    public FlowMessage(TIn payload, Guid executionId, FlowInstanceBinding? instance, string? trigger, ActivityContext parent, IFlowExecutionObserver? observer)
    {
        Payload = payload;
        ExecutionId = executionId;
        Instance = instance;
        Trigger = trigger;
        Parent = parent;
        Observer = observer;
    }

    public TIn Payload { get; }

    public Guid ExecutionId { get; }

    public FlowInstanceBinding? Instance { get; }

    public string InstanceId => Instance?.InstanceId ?? FlowContext.DefaultInstanceId;

    public string? Trigger { get; }

    public ActivityContext Parent { get; }

    /// <summary>Told when the execution ends (a schedule's overlap guard, a caller waiting for the result); memory queue only.</summary>
    public IFlowExecutionObserver? Observer { get; }

    public bool IsTicket { get; private init; }

    /// <summary>1 on the first delivery; more when a stored message runs again after its node crashed.</summary>
    public int Delivery { get; init; } = 1;

    /// <summary>The store claim it runs under; default for a message of the memory queue.</summary>
    public MessageClaim Claim { get; init; }
}
