using System.Data.Common;
using System.Runtime.InteropServices;
using System.Threading.Channels;
using FlowSdk.Hosting;

namespace FlowSdk.Instances;

// Group commit: AcceptAsync only queues; one writer loop stores everything that queued while its previous transaction
// ran, in one transaction, and then answers each caller. Under load the batches grow by themselves and the commit cost
// (the fsync) is shared; a lone message waits for no timer.
public abstract partial class SqlFlowStore
{
    private const int MaxAcceptBatch = 512;

    // A batch that hits a deadlock (IsTransientConflict) is tried again this often before its callers see the failure.
    private const int MaxConflictRetries = 3;

    private readonly Channel<QueuedAccept> _accepts = Channel.CreateUnbounded<QueuedAccept>(new UnboundedChannelOptions { SingleReader = false });
    private readonly Lock _writerLock = new();
    private Task? _writer;
    private bool _writerClosed;
    private long _lastSeq;
    private long _acceptTransactions;
    private long _acceptStatements;

    /// <summary>Accept transactions committed so far (group commit makes it fewer than the messages accepted).</summary>
    internal long AcceptTransactions => Interlocked.Read(ref _acceptTransactions);

    /// <summary>Statements the accept transactions ran so far (one insert can store many messages).</summary>
    internal long AcceptStatements => Interlocked.Read(ref _acceptStatements);

    /// <summary>
    /// Whether a <see cref="DbBatch"/> without a transaction runs as one transaction by itself (PostgreSQL: the batch ends
    /// in one Sync). Then accepts and claims go to the server in one round trip with no <c>BEGIN</c>/<c>COMMIT</c>.
    /// </summary>
    protected virtual bool BatchRunsAsOneTransaction => false;

    /// <summary>
    /// Whether <paramref name="exception"/> says the database refused a value of the statement (too long, not valid text,
    /// a constraint), as opposed to being unreachable. Such a message fails alone; the rest of its batch is stored.
    /// </summary>
    protected virtual bool IsRefusedValue(DbException exception) => false;

    /// <summary>Whether <paramref name="exception"/> reports a deadlock or serialization conflict that trying the batch again resolves.</summary>
    protected virtual bool IsTransientConflict(DbException exception) => false;

    /// <inheritdoc/>
    public ValueTask<MessageAcceptance> AcceptAsync(StoredMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentException.ThrowIfNullOrEmpty(message.FlowName);
        ArgumentException.ThrowIfNullOrEmpty(message.InstanceId);
        ArgumentException.ThrowIfNullOrEmpty(message.Trigger);
        return Enqueue(message, deliveryOnly: false, cancellationToken);
    }

    /// <summary>
    /// Queues <paramref name="message"/> for the next group commit. With <paramref name="deliveryOnly"/> only its delivery
    /// key is recorded (a flow whose messages stay in memory): <see cref="MessageAcceptance.Accepted"/> when the key is
    /// new, <see cref="MessageAcceptance.Duplicate"/> when an unexpired record holds it.
    /// </summary>
    private ValueTask<MessageAcceptance> Enqueue(StoredMessage message, bool deliveryOnly, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<MessageAcceptance>(cancellationToken);
        }

        if (!EnsureWriter())
        {
            return ValueTask.FromException<MessageAcceptance>(new ObjectDisposedException(GetType().Name));
        }

        var item = new QueuedAccept(message, deliveryOnly);
        item.Watch(cancellationToken);
        if (!_accepts.Writer.TryWrite(item))
        {
            item.Fail(new ObjectDisposedException(GetType().Name));
        }

        return new ValueTask<MessageAcceptance>(item.Task);
    }

    private bool EnsureWriter()
    {
        if (Volatile.Read(ref _writer) is not null)
        {
            return true;
        }

        lock (_writerLock)
        {
            if (_writerClosed)
            {
                return false;
            }

            if (_writer is null)
            {
                // The loop serves every caller: it must not carry the first caller's activity or logging scope.
                using (ExecutionContext.SuppressFlow())
                {
                    _writer = Task.WhenAll(Enumerable.Range(0, Math.Max(1, AcceptWriters)).Select(_ => Task.Run(WriteLoopAsync)));
                }
            }

            return true;
        }
    }

    /// <summary>Stops taking messages, lets the batch in flight finish and fails what is still queued.</summary>
    private async Task StopWriterAsync()
    {
        Task? writer;
        lock (_writerLock)
        {
            _writerClosed = true;
            writer = _writer;
        }

        _accepts.Writer.TryComplete();
        if (writer is not null)
        {
            await writer.ConfigureAwait(false);
        }
    }

    private async Task WriteLoopAsync()
    {
        var reader = _accepts.Reader;
        var batch = new List<QueuedAccept>(MaxAcceptBatch);
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (batch.Count < MaxAcceptBatch && reader.TryRead(out var item))
            {
                if (item.TryTake())
                {
                    batch.Add(item);
                }
            }

            if (batch.Count == 0)
            {
                continue;
            }

            try
            {
                if (Volatile.Read(ref _writerClosed))
                {
                    var disposed = new FlowStoreUnavailableException(
                        "The flow message store was disposed before the message was stored; it was not accepted.", new ObjectDisposedException(GetType().Name));
                    foreach (var item in batch)
                    {
                        item.Fail(disposed);
                    }
                }
                else
                {
                    await CommitAsync(batch).ConfigureAwait(false);
                }
            }
#pragma warning disable CA1031 // The loop outlives any failure: every caller gets an answer, the next batch runs.
            catch (Exception e)
#pragma warning restore CA1031
            {
                foreach (var item in batch)
                {
                    item.Fail(e);
                }
            }

            batch.Clear();
        }
    }

    private async Task CommitAsync(List<QueuedAccept> batch)
    {
        var asBatch = true;
        var conflicts = 0;
        while (batch.Count > 0)
        {
            AcceptWrite write;
            try
            {
                write = await WriteAcceptsAsync(batch, asBatch).ConfigureAwait(false);
            }
            catch (DbException e) when (IsTransientConflict(e) && ++conflicts <= MaxConflictRetries)
            {
                Log.AcceptConflict(Logger, batch.Count, conflicts, e);
                continue;
            }
#pragma warning disable CA1031 // Handed to every caller of the batch.
            catch (Exception e)
#pragma warning restore CA1031
            {
                var failure = IsUnavailable(e) ? Unavailable(e) : e;
                Log.AcceptFailed(Logger, batch.Count, e);
                foreach (var item in batch)
                {
                    item.Fail(failure);
                }

                return;
            }

            if (write.Refused is { } refused)
            {
                if (write.RefusedIndex < 0 && asBatch)
                {
                    // A batch does not say which statement failed: run the same statements one at a time to find out.
                    asBatch = false;
                    continue;
                }

                if (write.RefusedIndex < 0)
                {
                    foreach (var item in batch)
                    {
                        item.Fail(refused);
                    }

                    return;
                }

                Log.AcceptRefused(Logger, batch[write.RefusedIndex].Message.FlowName, batch[write.RefusedIndex].Message.ExecutionId, refused);
                batch[write.RefusedIndex].Fail(refused);
                batch.RemoveAt(write.RefusedIndex);
                continue;
            }

            Interlocked.Increment(ref _acceptTransactions);
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Complete(write.Results![i]);
            }

            return;
        }
    }

    private async Task<AcceptWrite> WriteAcceptsAsync(List<QueuedAccept> batch, bool asBatch)
    {
        var cancellationToken = CancellationToken.None;
        using var gate = await EnterWriteAsync(cancellationToken).ConfigureAwait(false);
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            asBatch &= connection.CanCreateBatch;
            var transaction = asBatch && BatchRunsAsOneTransaction ? null : await BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
            try
            {
                var statements = new SqlStatements();
                var owners = new List<int>();
                var occurrences = new int[batch.Count];
                var deliveries = new int[batch.Count];
                var inserts = new int[batch.Count];
                var created = ToUnixMs(TimeProvider.GetUtcNow());
                var lastWaiting = new Dictionary<(string Flow, string Instance), string>();
                var together = asBatch ? AddClaimedTogether(statements, batch) : null;
                if (together is not null)
                {
                    owners.Add(-1); // a value it refuses is found by running the batch one statement at a time
                }

                for (var i = 0; i < batch.Count; i++)
                {
                    if (together?.Ids[i] is { } id)
                    {
                        occurrences[i] = deliveries[i] = inserts[i] = -1;
                        AddPendingExecution(statements, batch[i].Message, id, claimed: 1);
                    }
                    else if (batch[i].DeliveryOnly)
                    {
                        occurrences[i] = -1;
                        deliveries[i] = inserts[i] = statements.Count;
                        AddDeliveryStatement(statements, batch[i].Message);
                    }
                    else
                    {
                        AddAcceptStatements(statements, batch[i].Message, created, lastWaiting, out occurrences[i], out deliveries[i], out inserts[i]);
                    }

                    while (owners.Count < statements.Count)
                    {
                        owners.Add(i);
                    }
                }

                try
                {
                    await statements.ExecuteAsync(connection, transaction, asBatch, together is null ? null : together.ReadAsync, cancellationToken).ConfigureAwait(false);
                    Interlocked.Add(ref _acceptStatements, statements.Count);
                }
                catch (DbException e) when (IsRefusedValue(e))
                {
                    return new AcceptWrite(null, statements.FailedIndex < 0 ? -1 : owners[statements.FailedIndex], e);
                }

                var results = new MessageAcceptance[batch.Count];
                for (var i = 0; i < batch.Count; i++)
                {
                    if (inserts[i] >= 0 ? statements[inserts[i]].RowsAffected > 0 : together!.Stored.Contains(together.Ids[i]!))
                    {
                        results[i] = MessageAcceptance.Accepted;
                    }
                    else if ((occurrences[i] >= 0 && statements[occurrences[i]].RowsAffected == 0)
                        || (deliveries[i] >= 0 && statements[deliveries[i]].RowsAffected == 0))
                    {
                        results[i] = MessageAcceptance.Duplicate;
                    }
                    else if (transaction is null)
                    {
                        // The batch has committed already: a failure to explain a refusal must not fail what was stored.
                        try
                        {
                            results[i] = await ExplainRefusalAsync(connection, null, batch[i].Message, cancellationToken).ConfigureAwait(false);
                        }
                        catch (DbException)
                        {
                            results[i] = batch[i].Message.RefuseWhileUnfinished ? MessageAcceptance.Overlapping : MessageAcceptance.InstanceFull;
                        }
                    }
                    else
                    {
                        results[i] = await ExplainRefusalAsync(connection, transaction, batch[i].Message, cancellationToken).ConfigureAwait(false);
                    }
                }

                if (transaction is not null)
                {
                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                }

                return new AcceptWrite(results, -1, null);
            }
            finally
            {
                if (transaction is not null)
                {
                    await transaction.DisposeAsync().ConfigureAwait(false);
                }
            }
        }
    }

    // lastWaiting: the id of the batch's latest message per flow and instance stored waiting, for CarriedRank.
    private void AddAcceptStatements(SqlStatements statements, StoredMessage message, long created, Dictionary<(string Flow, string Instance), string> lastWaiting, out int occurrence, out int delivery, out int insert)
    {
        var id = message.ExecutionId.ToString("D");
        occurrence = -1;
        delivery = -1;
        var guards = 0;
        if (message.ScheduledAt is { } scheduled)
        {
            occurrence = statements.Count;
            statements.Add(InsertOccurrenceSql)
                .Text("@flow", message.FlowName).Text("@instance", message.InstanceId).Long("@scheduled", ToUnixMs(scheduled))
                .Text("@id", id).Long("@created", created);
            guards |= 1;
        }

        if (message.DeliveryKey is not null)
        {
            delivery = statements.Count;
            AddDeliveryStatement(statements, message);
            guards |= 8;
        }

        if (message.RefuseWhileUnfinished)
        {
            guards |= 2;
        }

        if (message.MaxWaitingPerInstance > 0)
        {
            guards |= 4;
        }

        // Accepted by the node that runs it: stored claimed, with its first delivery, so it needs no claim round trip.
        var claimed = message.ClaimFor is null ? 0 : 1;
        string? previous = null;
        if (claimed == 0)
        {
            var lane = (message.FlowName, message.InstanceId);
            lastWaiting.TryGetValue(lane, out previous);
            lastWaiting[lane] = id;
        }

        insert = statements.Count;
        var statement = statements.Add(InsertMessageSql[guards | (claimed == 1 ? ClaimedInsert : 0) | (previous is null ? 0 : CarriedRank)])
            .Text("@id", id).Text("@flow", message.FlowName).Text("@instance", message.InstanceId).Text("@trigger", message.Trigger)
            .Binary("@payload", ToArray(message.Payload)).Long("@accepted", ToUnixMs(message.AcceptedAt)).Long("@seq", NextSeq())
            .Int("@claimed", claimed).Text("@node", message.ClaimFor).Long("@until", claimed == 1 ? ToUnixMs(message.AcceptedAt + message.Lease) : null);
        if (message.ScheduledAt is { } at)
        {
            statement.Long("@scheduled", ToUnixMs(at));
        }

        if (message.MaxWaitingPerInstance > 0)
        {
            statement.Int("@cap", message.MaxWaitingPerInstance);
        }

        if (previous is not null)
        {
            statement.Text("@previous", previous);
        }

        if (message.DeliveryKey is { } deliveryKey)
        {
            statement.Text("@delivery", deliveryKey);
            if ((guards & ~8) != 0)
            {
                statements.Add(ReturnDeliverySql)
                    .Text("@flow", message.FlowName).Text("@instance", message.InstanceId).Text("@delivery", deliveryKey).Text("@id", id);
            }
        }

        AddPendingExecution(statements, message, id, claimed);
    }

    // An instance's history shows the message from its acceptance on.
    private static void AddPendingExecution(SqlStatements statements, StoredMessage message, string id, int claimed)
    {
        if (message.InstanceId != FlowContext.DefaultInstanceId && message.TrackInHistory)
        {
            statements.Add(InsertPendingExecutionSql)
                .Text("@id", id).Text("@instance", message.InstanceId).Text("@flow", message.FlowName).Text("@trigger", message.Trigger)
                .Long("@accepted", ToUnixMs(message.AcceptedAt)).Int("@claimed", claimed).Text("@outcome", claimed == 1 ? "Running" : "Pending");
        }
    }

    /// <summary>
    /// Puts the batch's messages stored claimed and without guards into one statement (<see cref="InsertClaimedMessagesSql"/>),
    /// ahead of the rest: under many callers most accepts are of this kind, and one insert of many rows costs the server
    /// far less than one per row. Null when the engine has no such statement or fewer than two messages qualify.
    /// </summary>
    private ClaimedTogether? AddClaimedTogether(SqlStatements statements, List<QueuedAccept> batch)
    {
        if (InsertClaimedMessagesSql is not { } sql)
        {
            return null;
        }

        var members = new string?[batch.Count];
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < batch.Count; i++)
        {
            var message = batch[i].Message;
            var id = message.ExecutionId.ToString("D");

            // A second message with an id already in the group runs after it, on its own, and is answered a duplicate.
            var member = !batch[i].DeliveryOnly && message.ClaimFor is not null && message.ScheduledAt is null && message.DeliveryKey is null
                && !message.RefuseWhileUnfinished && message.MaxWaitingPerInstance <= 0 && ids.Add(id);
            members[i] = member ? id : null;
        }

        if (ids.Count < 2)
        {
            return null;
        }

        var count = ids.Count;
        var (idArray, flows, instances, triggers, nodes) = (new string[count], new string[count], new string[count], new string[count], new string[count]);
        var (payloads, accepted, seqs, until) = (new byte[count][], new long[count], new long[count], new long[count]);
        var row = 0;
        for (var i = 0; i < batch.Count; i++)
        {
            if (members[i] is not { } id)
            {
                continue;
            }

            var message = batch[i].Message;
            idArray[row] = id;
            flows[row] = message.FlowName;
            instances[row] = message.InstanceId;
            triggers[row] = message.Trigger;
            nodes[row] = message.ClaimFor!;
            payloads[row] = ToArray(message.Payload);
            accepted[row] = ToUnixMs(message.AcceptedAt);
            seqs[row] = NextSeq();
            until[row] = ToUnixMs(message.AcceptedAt + message.Lease);
            row++;
        }

        var index = statements.Count;
        statements.Add(sql, returnsRows: true)
            .Array("@ids", idArray).Array("@flows", flows).Array("@instances", instances).Array("@triggers", triggers).Array("@payloads", payloads)
            .Array("@accepted", accepted).Array("@seqs", seqs).Array("@nodes", nodes).Array("@until", until);
        return new ClaimedTogether(index, members);
    }

    /// <summary>The batch's messages stored by one statement (their ids, null for the others), and the ids it stored.</summary>
    private sealed class ClaimedTogether(int statement, string?[] ids)
    {
        public string?[] Ids { get; } = ids;

        public HashSet<string> Stored { get; } = new(StringComparer.Ordinal);

        public async Task ReadAsync(int index, DbDataReader reader, CancellationToken cancellationToken)
        {
            if (index != statement)
            {
                return;
            }

            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                Stored.Add(reader.GetString(0));
            }
        }
    }

    private static void AddDeliveryStatement(SqlStatements statements, StoredMessage message) =>
        statements.Add(InsertDeliverySql)
            .Text("@flow", message.FlowName).Text("@instance", message.InstanceId).Text("@delivery", message.DeliveryKey)
            .Text("@id", message.ExecutionId.ToString("D")).Long("@expires", ToUnixMs(message.DeliveryExpiresAt)).Long("@now", ToUnixMs(message.AcceptedAt));

    private static async Task<MessageAcceptance> ExplainRefusalAsync(DbConnection connection, DbTransaction? transaction, StoredMessage message, CancellationToken cancellationToken)
    {
        var command = Command(connection, transaction, RefusalSql);
        await using (command.ConfigureAwait(false))
        {
            AddText(command, "@id", message.ExecutionId.ToString("D"));
            AddText(command, "@flow", message.FlowName);
            AddText(command, "@instance", message.InstanceId);
            AddText(command, "@trigger", message.Trigger);
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                if (ReadLong(reader, 0) > 0)
                {
                    return MessageAcceptance.Duplicate;
                }

                // With both guards on and neither holding now, another node finished a message in between: say the cap.
                return message.RefuseWhileUnfinished && (ReadLong(reader, 1) > 0 || message.MaxWaitingPerInstance <= 0)
                    ? MessageAcceptance.Overlapping
                    : MessageAcceptance.InstanceFull;
            }
        }
    }

    // Insertion order: Unix microseconds, made strictly increasing per store object. Across nodes it is only roughly
    // ordered, which is all a tie-break between instances of one rank needs. Only the writer loop calls it.
    private long NextSeq()
    {
        // Several writer loops take numbers at once (AcceptWriters): strictly increasing across all of them.
        var floor = TimeProvider.GetUtcNow().ToUnixTimeMilliseconds() * 1000;
        while (true)
        {
            var last = Interlocked.Read(ref _lastSeq);
            var next = Math.Max(last + 1, floor);
            if (Interlocked.CompareExchange(ref _lastSeq, next, last) == last)
            {
                return next;
            }
        }
    }

    private static byte[] ToArray(ReadOnlyMemory<byte> payload) =>
        MemoryMarshal.TryGetArray(payload, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : payload.ToArray();

    /// <summary>What one attempt at a batch did: every message's answer, or the message the database refused.</summary>
    private readonly record struct AcceptWrite(MessageAcceptance[]? Results, int RefusedIndex, DbException? Refused);

    /// <summary>A caller waiting for its message to be committed.</summary>
    private sealed class QueuedAccept(StoredMessage message, bool deliveryOnly) : TaskCompletionSource<MessageAcceptance>(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        private const int Queued = 0;
        private const int Taken = 1;
        private const int Canceled = 2;

        private int _state;
        private CancellationTokenRegistration _registration;

        public StoredMessage Message { get; } = message;

        /// <summary>Whether only the message's delivery key is recorded, not the message.</summary>
        public bool DeliveryOnly { get; } = deliveryOnly;

        /// <summary>Cancels the caller while the message is still queued; once taken, the caller waits for the commit.</summary>
        public void Watch(CancellationToken cancellationToken)
        {
            if (cancellationToken.CanBeCanceled)
            {
                _registration = cancellationToken.UnsafeRegister(static (state, token) => ((QueuedAccept)state!).Cancel(token), this);
            }
        }

        /// <summary>Takes the message into a batch, unless its caller cancelled first.</summary>
        public bool TryTake() => Interlocked.CompareExchange(ref _state, Taken, Queued) == Queued;

        public void Complete(MessageAcceptance acceptance)
        {
            _registration.Dispose();
            TrySetResult(acceptance);
        }

        public void Fail(Exception exception)
        {
            _registration.Dispose();
            TrySetException(exception);
        }

        private void Cancel(CancellationToken token)
        {
            if (Interlocked.CompareExchange(ref _state, Canceled, Queued) == Queued)
            {
                TrySetCanceled(token);
            }
        }
    }
}
