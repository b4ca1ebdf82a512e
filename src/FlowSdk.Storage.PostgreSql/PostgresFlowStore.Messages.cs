using System.Data.Common;
using FlowSdk.Hosting;
using FlowSdk.Instances;
using Npgsql;
using NpgsqlTypes;

namespace FlowSdk.Storage.PostgreSql;

// PostgreSQL's part of the message store: claims skip rows other nodes hold, claims under a running cap take a per-flow
// lock, a batch is its own transaction (one round trip), and outcomes are recorded in one statement.
public sealed partial class PostgresFlowStore
{
    // Arbitrary but fixed: the first key of the two-key advisory locks that serialise capped claims, one lock per flow.
    private const int ClaimLockClass = 0x466C6F77;

    // The messages are found by their keys alone, whatever the statistics: this statement is prepared, and a plan made
    // while the table was new or nearly empty (a queue's usual state) otherwise joined the input to every claimed row,
    // or to the whole table with its dead rows, on every call from then on. "= ANY(@ids)" is the only condition an
    // index can serve (the primary key; "state + 0" keeps the indexes on state out of it), and each message's fence is
    // looked up by its position in the input rather than joined, so no plan can re-read the table per input row.
    internal const string CompleteAllSql = """
        WITH input AS (
            SELECT * FROM unnest(@ids, @fences, @outcomes, @ended, @steps, @errors)
                AS i(execution_id, fence, outcome, ended_at, failed_step, error)),
        deleted AS (
            DELETE FROM flowsdk_messages m
            WHERE m.execution_id = ANY(@ids) AND m.state + 0 = 1 AND m.fence = (@fences)[array_position(@ids, m.execution_id)]
            RETURNING m.execution_id, m.instance_id),
        recorded AS (
            UPDATE flowsdk_executions e
            SET outcome = i.outcome, ended_at = i.ended_at,
                failed_step = COALESCE(i.failed_step, e.failed_step), error = COALESCE(i.error, e.error)
            FROM deleted d JOIN input i ON i.execution_id = d.execution_id
            WHERE e.execution_id = d.execution_id AND d.instance_id <> @default)
        SELECT execution_id FROM deleted
        """;

    /// <inheritdoc/>
    protected override string? InsertClaimedMessagesSql => """
        INSERT INTO flowsdk_messages
            (execution_id, flow_name, instance_id, trigger_kind, payload, accepted_at, state, lane_rank, seq, deliveries, fence, claimed_by, lease_until)
        SELECT m.execution_id, m.flow_name, m.instance_id, m.trigger_kind, m.payload, m.accepted_at, 1, 0, m.seq, 1, 1, m.claimed_by, m.lease_until
        FROM unnest(@ids, @flows, @instances, @triggers, @payloads, @accepted, @seqs, @nodes, @until)
            AS m(execution_id, flow_name, instance_id, trigger_kind, payload, accepted_at, seq, claimed_by, lease_until)
        ON CONFLICT (execution_id) DO NOTHING
        RETURNING execution_id
        """;

    /// <inheritdoc/>
    protected override string CandidateLockClause => "FOR UPDATE SKIP LOCKED";

    /// <inheritdoc/>
    protected override string? FlowClaimLockStatement => $"SELECT pg_advisory_xact_lock({ClaimLockClass}, hashtext(@flow))";

    /// <inheritdoc/>
    /// <remarks>Npgsql sends a batch with one Sync at its end, so PostgreSQL runs it as one implicit transaction.</remarks>
    protected override bool BatchRunsAsOneTransaction => true;

    /// <inheritdoc/>
    /// <remarks>SQL state classes 22 (data exception), 23 (integrity constraint) and 54 (program limit, e.g. too large).</remarks>
    protected override bool IsRefusedValue(DbException exception) =>
        exception is PostgresException { IsTransient: false } postgres && postgres.SqlState.Length == 5 && postgres.SqlState[..2] is "22" or "23" or "54";

    /// <inheritdoc/>
    /// <remarks>Serialization failure (40001) and deadlock (40P01).</remarks>
    protected override bool IsTransientConflict(DbException exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected };

    /// <inheritdoc/>
    /// <remarks>One statement for every completion: the arrays are unnested, the deletes and history updates are CTEs.</remarks>
    protected override async Task<IReadOnlyList<bool>> CompleteCoreAsync(DbConnection connection, IReadOnlyList<MessageCompletion> completions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(completions);
        var count = completions.Count;
        var ids = new string[count];
        var fences = new long[count];
        var outcomes = new string[count];
        var ended = new long[count];
        var steps = new string?[count];
        var errors = new string?[count];

        // One entry per execution: the statement compares each message's fence with its id's first entry. Two
        // completions of one execution (a lease that lapsed while it ran, taken again) keep the later claim's, the only
        // one that can still hold the message; the other is reported as not recorded, as one by one.
        var positions = new Dictionary<string, int>(count, StringComparer.Ordinal);
        var at = new int[count];
        var unique = 0;
        for (var i = 0; i < count; i++)
        {
            var completion = completions[i];
            var id = completion.Claim.ExecutionId.ToString("D");
            var seen = positions.TryGetValue(id, out var position);
            if (!seen)
            {
                position = positions[id] = unique++;
            }

            at[i] = position;
            if (seen && completion.Claim.Fence <= fences[position])
            {
                continue;
            }

            ids[position] = id;
            fences[position] = completion.Claim.Fence;
            outcomes[position] = completion.Outcome.ToExecutionOutcome().ToString();
            ended[position] = completion.EndedAt.ToUnixTimeMilliseconds();
            steps[position] = completion.FailedStep;
            errors[position] = completion.Error;
        }

        if (unique < count)
        {
            Array.Resize(ref ids, unique);
            Array.Resize(ref fences, unique);
            Array.Resize(ref outcomes, unique);
            Array.Resize(ref ended, unique);
            Array.Resize(ref steps, unique);
            Array.Resize(ref errors, unique);
        }

        var command = new NpgsqlCommand(CompleteAllSql, (NpgsqlConnection)connection);
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.Add(new NpgsqlParameter<string[]>("ids", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = ids });
            command.Parameters.Add(new NpgsqlParameter<long[]>("fences", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = fences });
            command.Parameters.Add(new NpgsqlParameter<string[]>("outcomes", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = outcomes });
            command.Parameters.Add(new NpgsqlParameter<long[]>("ended", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = ended });
            command.Parameters.Add(new NpgsqlParameter<string?[]>("steps", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = steps });
            command.Parameters.Add(new NpgsqlParameter<string?[]>("errors", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = errors });
            command.Parameters.Add(new NpgsqlParameter<string>("default", NpgsqlDbType.Text) { TypedValue = FlowContext.DefaultInstanceId });

            var recorded = new HashSet<string>(StringComparer.Ordinal);
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    recorded.Add(reader.GetString(0));
                }
            }

            var results = new bool[count];
            for (var i = 0; i < count; i++)
            {
                results[i] = recorded.Contains(ids[at[i]]) && completions[i].Claim.Fence == fences[at[i]];
            }

            return results;
        }
    }
}
