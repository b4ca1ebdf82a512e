using System.Diagnostics;

namespace FlowSdk.Hosting;

/// <summary>
/// One message on its way through a flow: the payload, the execution id it keeps on every delivery, and its route (the
/// instance, what accepted it, the span it came from, who waits for its end, its claim and delivery count).
/// Kept small: every message is copied into the channel and out of it, and the copy costs in proportion to its size and
/// to the references it holds. A plain publish has no route, so it moves as its payload, its id and one null.
/// </summary>
internal readonly struct FlowMessage<TIn>
{
    private readonly FlowMessageRoute? _route;

    /// <summary>Stands in the memory queue's channel for one message waiting in an instance lane.</summary>
    public static readonly FlowMessage<TIn> Ticket = new(default!, Guid.Empty, FlowMessageRoute.Ticket);

    public FlowMessage(TIn payload, Guid executionId, FlowInstanceBinding? instance, string? trigger, ActivityContext parent, IFlowExecutionObserver? observer)
        : this(payload, executionId, FlowMessageRoute.Of(instance, trigger, parent, observer))
    {
    }

    private FlowMessage(TIn payload, Guid executionId, FlowMessageRoute? route)
    {
        Payload = payload;
        ExecutionId = executionId;
        _route = route;
    }

    public TIn Payload { get; }

    public Guid ExecutionId { get; }

    public FlowInstanceBinding? Instance => _route?.Instance;

    public string InstanceId => _route?.Instance?.InstanceId ?? FlowContext.DefaultInstanceId;

    public string? Trigger => _route?.Trigger;

    public ActivityContext Parent => _route?.Parent ?? default;

    /// <summary>Told when the execution ends (a schedule's overlap guard, a caller waiting for the result); memory queue only.</summary>
    public IFlowExecutionObserver? Observer => _route?.Observer;

    public bool IsTicket => ReferenceEquals(_route, FlowMessageRoute.Ticket);

    /// <summary>1 on the first delivery; more when a stored message runs again after its node crashed.</summary>
    public int Delivery => _route?.Delivery ?? 1;

    /// <summary>The store claim it runs under; default for a message of the memory queue.</summary>
    public MessageClaim Claim => _route is { Fence: not 0 } route ? new(ExecutionId, route.Fence) : default;

    /// <summary>The same message run under <paramref name="claim"/>, on delivery <paramref name="delivery"/>.</summary>
    public FlowMessage<TIn> Claimed(MessageClaim claim, int delivery)
    {
        Debug.Assert(claim.ExecutionId == ExecutionId, "A claim belongs to its message's execution.");
        var route = _route ?? FlowMessageRoute.None;
        return new(Payload, ExecutionId, route with { Fence = claim.Fence, Delivery = delivery });
    }
}

/// <summary>
/// What a message carries besides its payload and id. Shared where it says nothing but a known trigger's name, so a
/// publish without an instance, an observer or a traced parent allocates none.
/// </summary>
internal sealed record FlowMessageRoute(FlowInstanceBinding? Instance, string? Trigger, ActivityContext Parent, IFlowExecutionObserver? Observer)
{
    public static readonly FlowMessageRoute None = new(null, null, default, null);
    public static readonly FlowMessageRoute Ticket = new(null, null, default, null);
    private static readonly FlowMessageRoute Channel = new(null, FlowTriggerNames.Channel, default, null);
    private static readonly FlowMessageRoute Schedule = new(null, FlowTriggerNames.Schedule, default, null);
    private static readonly FlowMessageRoute Webhook = new(null, FlowTriggerNames.Webhook, default, null);
    private static readonly FlowMessageRoute Replay = new(null, FlowTriggerNames.Replay, default, null);

    public int Delivery { get; init; } = 1;

    public long Fence { get; init; }

    public static FlowMessageRoute? Of(FlowInstanceBinding? instance, string? trigger, ActivityContext parent, IFlowExecutionObserver? observer)
    {
        if (instance is not null || observer is not null || parent != default)
        {
            return new(instance, trigger, parent, observer);
        }

        return trigger switch
        {
            null => null,
            FlowTriggerNames.Channel => Channel,
            FlowTriggerNames.Schedule => Schedule,
            FlowTriggerNames.Webhook => Webhook,
            FlowTriggerNames.Replay => Replay,
            _ => new(null, trigger, default, null),
        };
    }
}
