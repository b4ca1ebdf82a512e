namespace FlowSdk.Instances;

public abstract partial class SqlFlowStore
{
    // Fair share between instances, as virtual time. Claims take messages in (lane_rank, seq) order. A new message's
    // lane_rank is one past the latest of its own instance's stored messages, but never below the flow's "now": the
    // lowest rank still waiting or, when nothing waits, the highest rank running. So an instance's n-th waiting message
    // ranks with every other instance's n-th: an instance that piled up 10,000 messages holds ranks far ahead, and a
    // newcomer's first message lands at the front, behind about one message per instance. Every term is one index seek.
    private const string LaneRank = """
        COALESCE((SELECT max(r) FROM (
            SELECT (SELECT lane_rank + 1 FROM flowsdk_messages
                    WHERE flow_name = @flow AND instance_id = @instance AND state = 0 ORDER BY lane_rank DESC LIMIT 1) AS r
            UNION ALL
            SELECT (SELECT lane_rank + 1 FROM flowsdk_messages
                    WHERE flow_name = @flow AND instance_id = @instance AND state = 1 ORDER BY lane_rank DESC LIMIT 1)
            UNION ALL
            SELECT COALESCE(
                (SELECT lane_rank FROM flowsdk_messages WHERE flow_name = @flow AND state = 0 ORDER BY lane_rank LIMIT 1),
                (SELECT lane_rank FROM flowsdk_messages WHERE flow_name = @flow AND state = 1 ORDER BY lane_rank DESC LIMIT 1))) ranks), 0)
        """;

    private const string InsertOccurrenceSql = """
        INSERT INTO flowsdk_schedule_occurrences (flow_name, instance_id, scheduled_at, execution_id, created_at)
        VALUES (@flow, @instance, @scheduled, @id, @created)
        ON CONFLICT (flow_name, instance_id, scheduled_at) DO NOTHING
        """;

    // The occurrence row names the message that won it, so only that message passes this guard.
    private const string OccurrenceGuard = """

          AND EXISTS (SELECT 1 FROM flowsdk_schedule_occurrences
                      WHERE flow_name = @flow AND instance_id = @instance AND scheduled_at = @scheduled AND execution_id = @id)
        """;

    // A delivery row is taken by the first message with its key, or by the next one once it expired; on PostgreSQL a
    // second node inserting the same key waits for the first's transaction and then sees the row, so the key decides.
    private const string InsertDeliverySql = """
        INSERT INTO flowsdk_deliveries (flow_name, instance_id, delivery_key, execution_id, expires_at)
        VALUES (@flow, @instance, @delivery, @id, @expires)
        ON CONFLICT (flow_name, instance_id, delivery_key)
        DO UPDATE SET execution_id = excluded.execution_id, expires_at = excluded.expires_at
        WHERE flowsdk_deliveries.expires_at <= @now
        """;

    // A message another guard refused gives its delivery back, so a redelivery is not answered with an execution that
    // never existed.
    private const string ReturnDeliverySql = """
        DELETE FROM flowsdk_deliveries
        WHERE flow_name = @flow AND instance_id = @instance AND delivery_key = @delivery AND execution_id = @id
          AND NOT EXISTS (SELECT 1 FROM flowsdk_messages WHERE execution_id = @id)
        """;

    // The delivery row names the message that took it, so only that message passes this guard.
    private const string DeliveryGuard = """

          AND EXISTS (SELECT 1 FROM flowsdk_deliveries
                      WHERE flow_name = @flow AND instance_id = @instance AND delivery_key = @delivery AND execution_id = @id)
        """;

    // The overlap and cap guards read committed rows: two PostgreSQL nodes accepting for one instance at the same moment
    // can each pass them once. The occurrence guard has no such gap (a primary key decides).
    private const string OverlapGuard = """

          AND NOT EXISTS (SELECT 1 FROM flowsdk_messages WHERE flow_name = @flow AND instance_id = @instance AND trigger_kind = @trigger)
        """;

    // Counts no further than the cap, so a deep backlog costs no more than a shallow one.
    private const string WaitingCapGuard = """

          AND (SELECT count(*) FROM (SELECT 1 AS one FROM flowsdk_messages
                                     WHERE flow_name = @flow AND instance_id = @instance AND state = 0 LIMIT @cap) waiting) < @cap
        """;

    private const string InsertPendingExecutionSql = """
        INSERT INTO flowsdk_executions (execution_id, instance_id, flow_name, trigger_kind, started_at, outcome, deliveries)
        SELECT @id, @instance, @flow, @trigger, @accepted, @outcome, @claimed
        WHERE EXISTS (SELECT 1 FROM flowsdk_messages WHERE execution_id = @id AND deliveries = @claimed)
        ON CONFLICT (execution_id) DO NOTHING
        """;

    // Why a message was not inserted: its id is stored already, or a message of its trigger is still stored.
    private const string RefusalSql = """
        SELECT (SELECT count(*) FROM flowsdk_messages WHERE execution_id = @id),
               (SELECT count(*) FROM (SELECT 1 AS one FROM flowsdk_messages
                                      WHERE flow_name = @flow AND instance_id = @instance AND trigger_kind = @trigger LIMIT 1) unfinished)
        """;

    // Guards: bit 0 occurrence, bit 1 overlap, bit 2 waiting cap, bit 3 delivery. Bit 4: stored claimed by the node
    // that accepted it, with lane rank 0 instead of the lane-rank lookups. Its rank only matters if it waits again
    // (its node stopped or died): it is then claimed in the first round, having had its turn already. Bit 5: the batch
    // stored a waiting message of the same flow and instance just before (@previous), so this one ranks one past it,
    // which is what the lookups would find (that message is the instance's latest and, waiting, at or past the flow's
    // "now"); one primary-key read instead of four index reads. If @previous was refused, the lookups run.
    internal static readonly string[] InsertMessageSql = [.. Enumerable.Range(0, 64).Select(BuildInsertMessageSql)];

    private const int ClaimedInsert = 16;

    private const int CarriedRank = 32;

    private static string BuildInsertMessageSql(int guards) => $"""
        INSERT INTO flowsdk_messages
            (execution_id, flow_name, instance_id, trigger_kind, payload, accepted_at, state, lane_rank, seq, deliveries, fence, claimed_by, lease_until)
        SELECT @id, @flow, @instance, @trigger, @payload, @accepted, @claimed, {RankOf(guards)}, @seq, @claimed, @claimed, @node, @until
        WHERE 1 = 1{((guards & 1) != 0 ? OccurrenceGuard : "")}{((guards & 2) != 0 ? OverlapGuard : "")}{((guards & 4) != 0 ? WaitingCapGuard : "")}{((guards & 8) != 0 ? DeliveryGuard : "")}
        ON CONFLICT (execution_id) DO NOTHING
        """;

    /// <summary>
    /// One statement that stores many messages claimed by the node that accepted them, none with a guard, from arrays
    /// (<c>@ids</c>, <c>@flows</c>, <c>@instances</c>, <c>@triggers</c>, <c>@payloads</c>, <c>@accepted</c>, <c>@seqs</c>,
    /// <c>@nodes</c>, <c>@until</c>), returning the ids it stored (an id stored already is skipped). Null where the engine
    /// takes no arrays: each message then has its own insert.
    /// </summary>
    protected virtual string? InsertClaimedMessagesSql => null;

    private static string RankOf(int guards) =>
        (guards & ClaimedInsert) != 0 ? "0"
        : (guards & CarriedRank) != 0 ? $"COALESCE((SELECT lane_rank + 1 FROM flowsdk_messages WHERE execution_id = @previous), {LaneRank})"
        : LaneRank;

    // A claim's lease lapsed (its node crashed or stalled): the message waits again, keeping its place and its fence.
    internal static string ExpireLeasesSql(string lockClause) => $"""
        UPDATE flowsdk_messages SET state = 0, claimed_by = NULL, lease_until = NULL
        WHERE execution_id IN (
            SELECT execution_id FROM flowsdk_messages
            WHERE flow_name = @flow AND state = 1 AND lease_until <= @now {lockClause})
        """;

    private const string ClaimSet = """
        UPDATE flowsdk_messages
        SET state = 1, deliveries = deliveries + 1, fence = fence + 1, claimed_by = @node, lease_until = @until
        """;

    private const string ClaimReturning = "RETURNING execution_id, instance_id, trigger_kind, payload, accepted_at, deliveries, fence, lane_rank, seq";

    internal static string ClaimSql(string lockClause) => $"""
        {ClaimSet}
        WHERE execution_id IN (
            SELECT execution_id FROM flowsdk_messages
            WHERE flow_name = @flow AND state = 0
            ORDER BY lane_rank, seq LIMIT @count {lockClause})
        {ClaimReturning}
        """;

    // With a running cap: the candidates are the first @window waiting messages of instances below the cap (locked here
    // where the engine locks rows). Each candidate's instance is checked with one seek of its running messages: a list
    // of the instances at their cap, built first, read every message of the flow on SQLite (waiting ones included) and
    // every claimed message once per candidate on PostgreSQL. A level up, row_number() numbers each instance's
    // candidates after the messages it already runs, so one claim never takes an instance past the cap. Window
    // functions and row locks must not share a query level, hence the nesting. Candidates not chosen are not updated.
    internal static string CappedClaimSql(string lockClause) => $"""
        {ClaimSet}
        WHERE execution_id IN (
            SELECT execution_id FROM (
                SELECT c.execution_id, c.lane_rank, c.seq,
                       ROW_NUMBER() OVER (PARTITION BY c.instance_id ORDER BY c.lane_rank, c.seq)
                       + (SELECT count(*) FROM flowsdk_messages r
                          WHERE r.flow_name = @flow AND r.instance_id = c.instance_id AND r.state = 1) AS slot
                FROM (
                    SELECT m.execution_id, m.instance_id, m.lane_rank, m.seq FROM flowsdk_messages m
                    WHERE m.flow_name = @flow AND m.state = 0
                      AND (SELECT count(*) FROM flowsdk_messages r
                           WHERE r.flow_name = @flow AND r.instance_id = m.instance_id AND r.state = 1) < @cap
                    ORDER BY m.lane_rank, m.seq LIMIT @window {lockClause}) c) ranked
            WHERE slot <= @cap
            ORDER BY lane_rank, seq LIMIT @count)
        {ClaimReturning}
        """;

    // The rows the claim just took carry this node and this lease end; an instance's history row turns Running.
    private const string MarkRunningSql = """
        UPDATE flowsdk_executions
        SET outcome = 'Running', deliveries = (SELECT m.deliveries FROM flowsdk_messages m WHERE m.execution_id = flowsdk_executions.execution_id)
        WHERE execution_id IN (
            SELECT execution_id FROM flowsdk_messages
            WHERE claimed_by = @node AND state = 1 AND lease_until = @until AND flow_name = @flow AND instance_id <> @default)
        """;

    internal const string CompleteSql = "DELETE FROM flowsdk_messages WHERE execution_id = @id AND fence = @fence AND state = 1 RETURNING instance_id";

    private const string RecordOutcomeSql = """
        UPDATE flowsdk_executions
        SET outcome = @outcome, ended_at = @ended, failed_step = COALESCE(@step, failed_step), error = COALESCE(@error, error)
        WHERE execution_id = @id
        """;

    internal const string ReleaseSql = """
        UPDATE flowsdk_messages SET state = 0, claimed_by = NULL, lease_until = NULL, deliveries = deliveries - 1
        WHERE execution_id = @id AND fence = @fence AND state = 1
        RETURNING instance_id, deliveries
        """;

    private const string MarkPendingSql = "UPDATE flowsdk_executions SET outcome = 'Pending', deliveries = @deliveries WHERE execution_id = @id";
}
