using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace FlowSdk.Hosting;

/// <summary>
/// The in-memory queue: a bounded channel of <see cref="FlowOptions.Capacity"/> messages (<see cref="FlowChannel{T}"/>). A message
/// addressed to an instance waits in its instance's lane (<see cref="InstanceLanes{TItem}"/>) and puts a ticket in the
/// channel, so instances take turns. Fast and allocation-free, and lost when the process dies.
/// </summary>
internal sealed class MemoryMessageQueue<TIn> : MessageQueue<TIn>
{
    /// <summary>The most messages a consumer takes from the channel at once (<see cref="TakenMessages{T}"/>).</summary>
    private const int MaxTaken = 32;

    private readonly FlowChannel<FlowMessage<TIn>> _channel;
    private readonly TakenMessages<FlowMessage<TIn>>[]? _taken;
    private readonly InstanceLanes<FlowMessage<TIn>> _lanes;
    private readonly IOutcomeReporter<TIn> _outcomes;
    private readonly string _flowName;
    private int _consumers;

    public MemoryMessageQueue(string flowName, FlowOptions options, IOutcomeReporter<TIn> outcomes)
    {
        _flowName = flowName;
        _outcomes = outcomes;
        _lanes = new InstanceLanes<FlowMessage<TIn>>(options.Instances.MaxConcurrencyPerInstance, options.Instances.CapacityPerInstance);

        // Together the consumers take up to an eighth of the capacity at once, each its share (at most MaxTaken); the
        // channel is smaller by what they can hold without starting it, so the messages waiting, in the channel or
        // taken and not started, never exceed Capacity.
        var consumers = options.MaxConcurrency;
        var batch = Math.Clamp(options.Capacity / 8 / consumers, 1, MaxTaken);
        if (batch > 1)
        {
            _taken = new TakenMessages<FlowMessage<TIn>>[consumers];
            for (var i = 0; i < consumers; i++)
            {
                _taken[i] = new TakenMessages<FlowMessage<TIn>>(batch, stealable: consumers > 1);
            }
        }

        _channel = new FlowChannel<FlowMessage<TIn>>(options.Capacity - (_taken is null ? 0 : consumers * (batch - 1)));
    }

    public override bool IsDurable => false;

    public override int Depth => _channel.Reader.Count + TakenCount;

    private int TakenCount
    {
        get
        {
            var count = 0;
            foreach (var batch in _taken ?? [])
            {
                count += batch.Count;
            }

            return count;
        }
    }

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
        // write that already ended: the channel reuses a blocked write's state only once its result was read.
        return _channel.Writer.WriteAsync(message, cancellationToken);
    }

    public override void CompleteAdding()
    {
        base.CompleteAdding();
        _channel.Writer.TryComplete();
    }

    public override async Task ConsumeAsync(MessageHandler<TIn> handler, CancellationToken abort)
    {
        // The runner starts MaxConcurrency consumers; each takes the batch of its own number.
        var consumer = (Interlocked.Increment(ref _consumers) - 1) % (_taken?.Length ?? 1);
        try
        {
            await ConsumeChannelAsync(handler, consumer, abort).ConfigureAwait(false);
        }
        finally
        {
            // Empty unless the host aborted: what the consumer took and never started goes to the dead-letter sink,
            // as the channel's messages do (AbandonWaitingAsync, which runs while the consumers may still be ending).
            await AbandonTakenAsync(consumer).ConfigureAwait(false);
        }
    }

    private async Task ConsumeChannelAsync(MessageHandler<TIn> handler, int consumer, CancellationToken abort)
    {
        var idle = new IdleWait<FlowMessage<TIn>>();
        var open = true;
        while (true)
        {
            while (!abort.IsCancellationRequested)
            {
                var next = RunNext(consumer, handler, abort);
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

            // No token on the wait: completing the channel wakes every sleeper, and ends the loop once it is empty.
            open = await idle.WaitAsync(_channel, _taken).ConfigureAwait(false);
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
    private (Take Taken, ValueTask Run) RunNext(int consumer, MessageHandler<TIn> handler, CancellationToken abort)
    {
        if (!TryTake(consumer, out var message))
        {
            return (Take.None, default);
        }

        return message.IsTicket ? (Take.Ticket, default) : (Take.Message, handler(message, abort));
    }

    /// <summary>
    /// The consumer's own taken messages first, then the channel's, then one another consumer took and has not started
    /// (one at a time, so a consumer never holds what it took from another).
    /// </summary>
    private bool TryTake(int consumer, out FlowMessage<TIn> message)
    {
        if (_taken is null)
        {
            return _channel.Reader.TryRead(out message);
        }

        if (_taken[consumer].TryTake(_channel, out message))
        {
            return true;
        }

        // Counts read without the lock: a batch that looks empty is looked at again, after the wait is registered.
        for (var i = 1; i < _taken.Length; i++)
        {
            var other = _taken[(consumer + i) % _taken.Length];
            if (other.Count > 0 && other.TryTakeHeld(out message))
            {
                return true;
            }
        }

        return false;
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
        return count + TakenCount;
    }

    private async Task AbandonTakenAsync(int consumer)
    {
        // A ticket's message waits in its lane, which AbandonWaitingAsync empties.
        while (_taken is not null && _taken[consumer].TryTakeHeld(out var message))
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
