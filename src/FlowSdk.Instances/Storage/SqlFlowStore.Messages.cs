using System.Data.Common;
using System.Net.Sockets;
using FlowSdk.Hosting;

namespace FlowSdk.Instances;

// Claims, leases, outcomes and schedule occurrences of stored messages. Accepting is in SqlFlowStore.MessageWriter.cs,
// the SQL in SqlFlowStore.MessageSql.cs.
public abstract partial class SqlFlowStore : IFlowMessageStore
{
    // Occurrence rows only guard against two nodes firing the same occurrence, which happens within seconds; a day is
    // ample. Each instance's latest stays, since it is where the schedule resumes.
    private static readonly TimeSpan OccurrenceRetention = TimeSpan.FromDays(1);

    /// <summary>
    /// Appended to the query that picks claim candidates, to lock the rows it picks and pass over rows another claim holds
    /// (PostgreSQL: <c>FOR UPDATE SKIP LOCKED</c>). Empty, the default, where a write lock serialises claims anyway.
    /// </summary>
    protected virtual string CandidateLockClause => string.Empty;

    /// <summary>
    /// A statement that serialises claims of one flow (parameter <c>@flow</c>) until the claim's transaction ends, or null,
    /// the default, where a write lock serialises claims anyway. Claims under
    /// <see cref="ClaimRequest.MaxRunningPerInstance"/> take it first: two nodes counting an instance's running messages
    /// at once would each see room for one more.
    /// </summary>
    protected virtual string? FlowClaimLockStatement => null;

    /// <inheritdoc/>
    public async Task<IReadOnlyList<ClaimedMessage>> ClaimAsync(ClaimRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(request.FlowName);
        ArgumentException.ThrowIfNullOrEmpty(request.NodeId);
        ArgumentOutOfRangeException.ThrowIfLessThan(request.MaxCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(request.Lease, TimeSpan.Zero);
        try
        {
            using var gate = await EnterWriteAsync(cancellationToken).ConfigureAwait(false);
            var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                var now = ToUnixMs(TimeProvider.GetUtcNow());
                var until = now + (long)Math.Ceiling(request.Lease.TotalMilliseconds);
                var capped = request.MaxRunningPerInstance > 0;
                var statements = new SqlStatements();
                if (capped && FlowClaimLockStatement is { } flowLock)
                {
                    statements.Add(flowLock, returnsRows: true).Text("@flow", request.FlowName);
                }

                statements.Add(ExpireLeasesSql(CandidateLockClause)).Text("@flow", request.FlowName).Long("@now", now);
                var claimIndex = statements.Count;
                var claim = statements.Add(capped ? CappedClaimSql(CandidateLockClause) : ClaimSql(CandidateLockClause), returnsRows: true)
                    .Text("@node", request.NodeId).Long("@until", until).Text("@flow", request.FlowName).Int("@count", request.MaxCount);
                if (capped)
                {
                    // Look a little past the batch size: candidates beyond an instance's cap are dropped a level up.
                    claim.Int("@cap", request.MaxRunningPerInstance).Int("@window", (int)Math.Min(int.MaxValue, request.MaxCount * 4L));
                }

                statements.Add(MarkRunningSql)
                    .Text("@node", request.NodeId).Long("@until", until).Text("@flow", request.FlowName).Text("@default", FlowContext.DefaultInstanceId);

                var claimed = new List<(ClaimedMessage Message, long Rank, long Seq)>();
                async Task ReadClaimed(int index, DbDataReader reader, CancellationToken token)
                {
                    while (index == claimIndex && await reader.ReadAsync(token).ConfigureAwait(false))
                    {
                        claimed.Add((new ClaimedMessage
                        {
                            ExecutionId = Guid.Parse(reader.GetString(0)),
                            InstanceId = reader.GetString(1),
                            Trigger = reader.GetString(2),
                            Payload = (byte[])reader.GetValue(3),
                            AcceptedAt = FromUnixMs(ReadLong(reader, 4)),
                            Deliveries = (int)ReadLong(reader, 5),
                            Fence = ReadLong(reader, 6),
                        }, ReadLong(reader, 7), ReadLong(reader, 8)));
                    }
                }

                var asBatch = connection.CanCreateBatch;
                var transaction = asBatch && BatchRunsAsOneTransaction ? null : await BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
                try
                {
                    await statements.ExecuteAsync(connection, transaction, asBatch, ReadClaimed, cancellationToken).ConfigureAwait(false);
                    if (transaction is not null)
                    {
                        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                    }
                }
                finally
                {
                    if (transaction is not null)
                    {
                        await transaction.DisposeAsync().ConfigureAwait(false);
                    }
                }

                // RETURNING keeps no order: claims hand messages out oldest round first.
                claimed.Sort(static (a, b) => a.Rank != b.Rank ? a.Rank.CompareTo(b.Rank) : a.Seq.CompareTo(b.Seq));
                return [.. claimed.Select(c => c.Message)];
            }
        }
        catch (Exception e) when (IsUnavailable(e))
        {
            throw Unavailable(e);
        }
    }

    /// <inheritdoc/>
    public async Task<int> RenewLeasesAsync(string nodeId, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(nodeId);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lease, TimeSpan.Zero);
        try
        {
            using var gate = await EnterWriteAsync(cancellationToken).ConfigureAwait(false);
            var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                var command = Command(connection, null, "UPDATE flowsdk_messages SET lease_until = @until WHERE claimed_by = @node AND state = 1");
                await using (command.ConfigureAwait(false))
                {
                    AddLong(command, "@until", ToUnixMs(TimeProvider.GetUtcNow()) + (long)Math.Ceiling(lease.TotalMilliseconds));
                    AddText(command, "@node", nodeId);
                    return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (Exception e) when (IsUnavailable(e))
        {
            throw Unavailable(e);
        }
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<bool>> CompleteAsync(IReadOnlyList<MessageCompletion> completions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(completions);
        if (completions.Count == 0)
        {
            return [];
        }

        var normalized = new MessageCompletion[completions.Count];
        for (var i = 0; i < completions.Count; i++)
        {
            _ = completions[i].Outcome.ToExecutionOutcome(); // an unknown outcome is refused before anything is written
            normalized[i] = completions[i] with { Error = Truncate(completions[i].Error) };
        }

        try
        {
            using var gate = await EnterWriteAsync(cancellationToken).ConfigureAwait(false);
            var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                return await CompleteCoreAsync(connection, normalized, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (IsUnavailable(e))
        {
            throw Unavailable(e);
        }
    }

    /// <summary>
    /// Records outcomes on an open connection, in one transaction: deletes each message whose claim still holds (its fence
    /// and state) and, for an instance, sets the history row's outcome and end; a stale claim writes nothing. The default
    /// runs two statements per completion; an engine may do it in one round trip.
    /// </summary>
    /// <param name="connection">An open connection (the write gate, where there is one, is held).</param>
    /// <param name="completions">The outcomes; errors are already cut to the history's length.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>Per completion, in order: whether it was recorded.</returns>
    protected virtual async Task<IReadOnlyList<bool>> CompleteCoreAsync(DbConnection connection, IReadOnlyList<MessageCompletion> completions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(completions);
        var results = new bool[completions.Count];
        var transaction = await BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            var delete = Command(connection, transaction, CompleteSql);
            var record = Command(connection, transaction, RecordOutcomeSql);
            await using (delete.ConfigureAwait(false))
            await using (record.ConfigureAwait(false))
            {
                AddText(delete, "@id", null);
                AddLong(delete, "@fence", null);
                AddText(record, "@outcome", null);
                AddLong(record, "@ended", null);
                AddText(record, "@step", null);
                AddText(record, "@error", null);
                AddText(record, "@id", null);
                for (var i = 0; i < completions.Count; i++)
                {
                    var completion = completions[i];
                    var id = completion.Claim.ExecutionId.ToString("D");
                    delete.Parameters[0].Value = id;
                    delete.Parameters[1].Value = completion.Claim.Fence;
                    var instance = (string?)await delete.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
                    results[i] = instance is not null;
                    if (instance is null || instance == FlowContext.DefaultInstanceId)
                    {
                        continue;
                    }

                    record.Parameters[0].Value = completion.Outcome.ToExecutionOutcome().ToString();
                    record.Parameters[1].Value = ToUnixMs(completion.EndedAt);
                    record.Parameters[2].Value = (object?)completion.FailedStep ?? DBNull.Value;
                    record.Parameters[3].Value = (object?)completion.Error ?? DBNull.Value;
                    record.Parameters[4].Value = id;
                    await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        return results;
    }

    /// <inheritdoc/>
    public async Task ReleaseAsync(IReadOnlyList<MessageClaim> claims, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(claims);
        if (claims.Count == 0)
        {
            return;
        }

        try
        {
            using var gate = await EnterWriteAsync(cancellationToken).ConfigureAwait(false);
            var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                var transaction = await BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
                await using (transaction.ConfigureAwait(false))
                {
                    var release = Command(connection, transaction, ReleaseSql);
                    var pending = Command(connection, transaction, MarkPendingSql);
                    await using (release.ConfigureAwait(false))
                    await using (pending.ConfigureAwait(false))
                    {
                        AddText(release, "@id", null);
                        AddLong(release, "@fence", null);
                        AddInt(pending, "@deliveries", 0);
                        AddText(pending, "@id", null);
                        foreach (var claim in claims)
                        {
                            var id = claim.ExecutionId.ToString("D");
                            release.Parameters[0].Value = id;
                            release.Parameters[1].Value = claim.Fence;
                            string? instance = null;
                            var deliveries = 0L;
                            var reader = await release.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                            await using (reader.ConfigureAwait(false))
                            {
                                if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                                {
                                    instance = reader.GetString(0);
                                    deliveries = ReadLong(reader, 1);
                                }
                            }

                            if (instance is not null && instance != FlowContext.DefaultInstanceId)
                            {
                                pending.Parameters[0].Value = (int)deliveries;
                                pending.Parameters[1].Value = id;
                                await pending.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                            }
                        }
                    }

                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (Exception e) when (IsUnavailable(e))
        {
            throw Unavailable(e);
        }
    }

    /// <inheritdoc/>
    public async Task<DateTimeOffset?> GetLastOccurrenceAsync(string flowName, string instanceId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(flowName);
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        try
        {
            var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                var command = Command(connection, null, "SELECT max(scheduled_at) FROM flowsdk_schedule_occurrences WHERE flow_name = @flow AND instance_id = @instance");
                await using (command.ConfigureAwait(false))
                {
                    AddText(command, "@flow", flowName);
                    AddText(command, "@instance", instanceId);
                    var result = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
                    return result is null or DBNull ? null : FromUnixMs(Convert.ToInt64(result, System.Globalization.CultureInfo.InvariantCulture));
                }
            }
        }
        catch (Exception e) when (IsUnavailable(e))
        {
            throw Unavailable(e);
        }
    }

    private async Task PruneOccurrencesAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var command = Command(connection, null, """
            DELETE FROM flowsdk_schedule_occurrences
            WHERE created_at < @cutoff
              AND scheduled_at < (SELECT max(o.scheduled_at) FROM flowsdk_schedule_occurrences o
                                  WHERE o.flow_name = flowsdk_schedule_occurrences.flow_name
                                    AND o.instance_id = flowsdk_schedule_occurrences.instance_id)
            """);
        await using (command.ConfigureAwait(false))
        {
            AddLong(command, "@cutoff", ToUnixMs(TimeProvider.GetUtcNow() - OccurrenceRetention));
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Whether <paramref name="exception"/> means the database could not be reached or did not answer in time.</summary>
    private static bool IsUnavailable(Exception exception) =>
        exception is DbException or SocketException or TimeoutException or IOException;

    private static FlowStoreUnavailableException Unavailable(Exception exception) =>
        new("The flow message store cannot be reached: " + exception.Message, exception);
}
