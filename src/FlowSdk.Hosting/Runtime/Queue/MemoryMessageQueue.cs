using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace FlowSdk.Hosting;

/// <summary>
/// The in-memory queue: a bounded <see cref="Channel{T}"/> of <see cref="FlowOptions.Capacity"/> messages. A message
/// addressed to an instance waits in its instance's lane (<see cref="InstanceLanes{TItem}"/>) and puts a ticket in the
/// channel, so instances take turns. Fast and allocation-free, and lost when the process dies.
/// </summary>
internal sealed class MemoryMessageQueue<TIn> : MessageQueue<TIn>
{
    /// <summary>The most messages a flow's consumers take from the channel at once (<see cref="TakenMessages{T}"/>).</summary>
    private const int MaxTaken = 32;

    private readonly Channel<FlowMessage<TIn>> _channel;
    private readonly TakenMessages<FlowMessage<TIn>>? _taken;
    private readonly InstanceLanes<FlowMessage<TIn>> _lanes;
    private readonly IOutcomeReporter<TIn> _outcomes;
    private readonly string _flowName;

    public MemoryMessageQueue(string flowName, FlowOptions options, IOutcomeReporter<TIn> outcomes)
    {
        _flowName = flowName;
        _outcomes = outcomes;
        _lanes = new InstanceLanes<FlowMessage<TIn>>(options.Instances.MaxConcurrencyPerInstance, options.Instances.CapacityPerInstance);

        // The consumers take up to an eighth of the capacity at once (at most MaxTaken); the channel is smaller by as
        // many less one, so the messages waiting, in the channel or taken and not started, never exceed Capacity.
        var batch = Math.Clamp(options.Capacity / 8, 1, MaxTaken);
        _taken = batch > 1 ? new TakenMessages<FlowMessage<TIn>>(batch, shared: options.MaxConcurrency > 1) : null;
        _channel = Channel.CreateBounded<FlowMessage<TIn>>(new BoundedChannelOptions(options.Capacity - (batch - 1))
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = options.MaxConcurrency == 1,
            SingleWriter = false,
            AllowSynchronousContinuations = false,
        });
    }

    public override bool IsDurable => false;

    public override int Depth => _channel.Reader.Count + (_taken?.Count ?? 0);

    public override ValueTask<FlowEnqueueStatus> OfferAsync(FlowMessage<TIn> message, CancellationToken cancellationToken) =>
        new(Offer(message));

    public override FlowEnqueueStatus Offer(in FlowMessage<TIn> message)
    {
        if (!IsAccepting)
        {
            return FlowEnqueueStatus.Stopping;
        }

        if (message.Instance is null)
        {
            return _channel.Writer.TryWrite(message) ? FlowEnqueueStatus.Accepted : FlowEnqueueStatus.QueueFull;
        }

        // A lane reservation first, then a ticket in the channel, then the message in its lane.
        var instanceId = message.Instance.InstanceId;
        if (!_lanes.TryReserve(instanceId))
        {
            return FlowEnqueueStatus.InstanceFull;
        }

        if (!_channel.Writer.TryWrite(FlowMessage<TIn>.Ticket))
        {
            _lanes.CancelReservation(instanceId);
            return FlowEnqueueStatus.QueueFull;
        }

        _lanes.Add(instanceId, message);
        return FlowEnqueueStatus.Accepted;
    }

    public override ValueTask EnqueueAsync(FlowMessage<TIn> message, CancellationToken cancellationToken) =>
        message.Instance is null ? WriteAsync(message, cancellationToken) : EnqueueInstanceAsync(message, cancellationToken);

    private async ValueTask EnqueueInstanceAsync(FlowMessage<TIn> message, CancellationToken cancellationToken)
    {
        if (!IsAccepting)
        {
            throw Stopping(_flowName);
        }

        var instanceId = message.Instance!.InstanceId;
        await _lanes.ReserveAsync(instanceId, cancellationToken).ConfigureAwait(false);
        try
        {
            await WriteAsync(FlowMessage<TIn>.Ticket, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            _lanes.CancelReservation(instanceId);
            throw;
        }

        _lanes.Add(instanceId, message);
    }

    /// <summary>
    /// Writes to the channel, waiting for room. A wait is the channel's own: the runner awaits it (one pooled state
    /// machine per waiting publish, not two) and turns the <see cref="ChannelClosedException"/> of a wait that shutdown
    /// ended into <see cref="MessageQueue{TIn}.Stopping"/>.
    /// </summary>
    private ValueTask WriteAsync(FlowMessage<TIn> message, CancellationToken cancellationToken)
    {
        if (!IsAccepting)
        {
            return ValueTask.FromException(Stopping(_flowName));
        }

        // One call, so one take of the channel's lock whether there is room or not (TryWrite first would take it twice
        // whenever the queue is full, which is all the time a producer outpaces the consumers). The caller reads a
        // write that already ended: the channel reuses its one waiting-writer object only once its result was read.
        return _channel.Writer.WriteAsync(message, cancellationToken);
    }

    public override void CompleteAdding()
    {
        base.CompleteAdding();
        _channel.Writer.TryComplete();
    }

    public override async Task ConsumeAsync(MessageHandler<TIn> handler, CancellationToken abort)
    {
        try
        {
            await ConsumeChannelAsync(handler, abort).ConfigureAwait(false);
        }
        finally
        {
            // Empty unless the host aborted: what the consumers took and never started goes to the dead-letter sink,
            // as the channel's messages do (AbandonWaitingAsync, which runs while the consumers may still be ending).
            await AbandonTakenAsync().ConfigureAwait(false);
        }
    }

    private async Task ConsumeChannelAsync(MessageHandler<TIn> handler, CancellationToken abort)
    {
        var reader = _channel.Reader;
        var idle = new IdleWait<FlowMessage<TIn>>();
        var open = true;
        while (true)
        {
            while (!abort.IsCancellationRequested)
            {
                var next = RunNext(reader, handler, abort);
                if (next.Taken == Take.None)
                {
                    break;
                }

                if (next.Taken == Take.Ticket)
                {
                    if (!await RunFromLaneAsync(handler, abort).ConfigureAwait(false))
                    {
                        return;
                    }
                }
                else if (!next.Run.IsCompletedSuccessfully)
                {
                    await next.Run.ConfigureAwait(false);
                }
            }

            if (abort.IsCancellationRequested || !open)
            {
                return;
            }

            // No token on the wait: a cancellable wait would allocate per wait; completing the writer ends the loop.
            open = await idle.WaitAsync(reader, _taken).ConfigureAwait(false);
        }
    }

    private enum Take : byte
    {
        None,
        Message,
        Ticket,
    }

    // Takes and starts the next message outside the async loop, so the message (a struct with references) is copied on
    // the stack and never into the loop's state machine.
    private (Take Taken, ValueTask Run) RunNext(ChannelReader<FlowMessage<TIn>> reader, MessageHandler<TIn> handler, CancellationToken abort)
    {
        FlowMessage<TIn> message;
        if (!(_taken is null ? reader.TryRead(out message) : _taken.TryTake(reader, out message)))
        {
            return (Take.None, default);
        }

        return message.IsTicket ? (Take.Ticket, default) : (Take.Message, handler(message, abort));
    }

    /// <summary>Runs the message a ticket stands for; false when the host aborted while waiting for it.</summary>
    private async ValueTask<bool> RunFromLaneAsync(MessageHandler<TIn> handler, CancellationToken abort)
    {
        InstanceLanes<FlowMessage<TIn>>.Taken taken;
        try
        {
            taken = await _lanes.TakeAsync(abort).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
            return false;
        }

        try
        {
            await handler(taken.Item, abort).ConfigureAwait(false);
        }
        finally
        {
            _lanes.Release(taken.Lane);
        }

        return true;
    }

    /// <summary>Cancelled at shutdown: it goes to the dead-letter sink, not into thin air.</summary>
    public override async ValueTask AbandonAsync(FlowMessage<TIn> message, int attempts)
    {
        await _outcomes.DeadLetterAsync(message, null, new FlowAbandonedException("The host stopped while the message was running."), attempts).ConfigureAwait(false);
        message.Observer?.OnAbandoned(message.ExecutionId);
    }

    /// <summary>Nothing can run what is still queued once the consumers ended, so it is dead-lettered rather than lost.</summary>
    public override async Task<int> AbandonWaitingAsync()
    {
        var count = 0;
        while (_channel.Reader.TryRead(out var message))
        {
            if (!message.IsTicket)
            {
                count++;
                await AbandonQueuedAsync(message).ConfigureAwait(false);
            }
        }

        // Instance messages wait in their lanes; a ticket only said one was there.
        while (_lanes.TryTakeAny(out var message))
        {
            count++;
            await AbandonQueuedAsync(message).ConfigureAwait(false);
        }

        // What the consumers took and never started goes to the sink as they end (ConsumeAsync); it counts here.
        return count + (_taken?.Count ?? 0);
    }

    private async Task AbandonTakenAsync()
    {
        // A ticket's message waits in its lane, which AbandonWaitingAsync empties.
        while (_taken is not null && _taken.TryTakeHeld(out var message))
        {
            if (!message.IsTicket)
            {
                await AbandonQueuedAsync(message).ConfigureAwait(false);
            }
        }
    }

    private async Task AbandonQueuedAsync(FlowMessage<TIn> message)
    {
        message.Observer?.OnAbandoned(message.ExecutionId);
        await _outcomes.DeadLetterAsync(message, null, new FlowAbandonedException(), 0).ConfigureAwait(false);
    }
}
