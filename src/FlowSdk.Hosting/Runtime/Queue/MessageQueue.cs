namespace FlowSdk.Hosting;

/// <summary>Runs one message; a consumer loop calls it for every message it takes.</summary>
internal delegate ValueTask MessageHandler<TIn>(FlowMessage<TIn> message, CancellationToken abort);

/// <summary>
/// Where a flow's accepted messages wait and how consumers take them: in memory (<see cref="MemoryMessageQueue{TIn}"/>,
/// lost on a crash) or in an <see cref="IFlowMessageStore"/> (<see cref="StoreMessageQueue{TIn}"/>, stored before they
/// are acknowledged). The runner enqueues through this one interface whatever the trigger.
/// </summary>
internal abstract class MessageQueue<TIn>
{
    private volatile bool _accepting = true;

    /// <summary>Whether accepted messages survive a crash.</summary>
    public abstract bool IsDurable { get; }

    /// <summary>Messages accepted and not yet taken by a consumer (on this node).</summary>
    public abstract int Depth { get; }

    /// <summary>False once the runner started stopping.</summary>
    public bool IsAccepting => _accepting;

    /// <summary>Offers a message without waiting for room; a durable queue completes once it is stored.</summary>
    public abstract ValueTask<FlowEnqueueStatus> OfferAsync(FlowMessage<TIn> message, CancellationToken cancellationToken);

    /// <summary>Offers a message without waiting for room, on the caller's thread (a durable queue waits for the commit).</summary>
    public abstract FlowEnqueueStatus Offer(in FlowMessage<TIn> message);

    /// <summary>Enqueues a message, waiting while the flow or its instance is full.</summary>
    /// <exception cref="InvalidOperationException">The runner is stopping.</exception>
    /// <exception cref="FlowStoreUnavailableException">The store cannot be reached.</exception>
    public abstract ValueTask EnqueueAsync(FlowMessage<TIn> message, CancellationToken cancellationToken);

    /// <summary>Starts whatever feeds the consumers (a durable queue's claim loop).</summary>
    public virtual void Start()
    {
    }

    /// <summary>One consumer: hands each message to <paramref name="handler"/> until the queue is drained or <paramref name="abort"/> fires.</summary>
    public abstract Task ConsumeAsync(MessageHandler<TIn> handler, CancellationToken abort);

    /// <summary>Refuses new messages from now on; consumers finish what was accepted (on this node) and then end.</summary>
    public virtual void CompleteAdding() => _accepting = false;

    /// <summary>
    /// Records how a taken message ended. True when its listeners were told here or will be told once the outcome is
    /// stored; false when the caller tells them now.
    /// </summary>
    public virtual bool Record(in FlowMessage<TIn> message, in FlowExecutionReport report) => false;

    /// <summary>A taken message whose execution was cancelled at shutdown.</summary>
    public abstract ValueTask AbandonAsync(FlowMessage<TIn> message, int attempts);

    /// <summary>Once the shutdown timeout cancelled the consumers: what to do with messages never started.</summary>
    /// <returns>How many there were, counting those the consumers took and hand over themselves as they end.</returns>
    public abstract Task<int> AbandonWaitingAsync();

    /// <summary>Completes once every outcome of this queue is recorded (durable queues write them in batches).</summary>
    public virtual Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>What an enqueue throws once the flow stopped accepting.</summary>
    public static InvalidOperationException Stopping(string flowName, Exception? inner = null) =>
        new($"Flow '{flowName}' is stopping and accepts no more messages.", inner);
}
