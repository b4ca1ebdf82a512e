using System.Data.Common;

namespace FlowSdk.Instances;

public abstract partial class SqlFlowStore
{
    // Raised whenever SchemaStatements, AddedColumns or an upgrade's columns (StepJournalColumns) change. A database at this version (or a later one, written by a
    // newer node) skips the DDL: even IF NOT EXISTS statements lock their tables on PostgreSQL (ADD COLUMN takes an
    // exclusive lock), and a node starting next to busy ones would otherwise stall them or deadlock with their claims.
    // Version 5: one index of claimed messages instead of the lease and node indexes (see the messages table below).
    // Version 6: that index keyed on the node holding the message rather than on its state.
    private const int SchemaVersion = 6;

    private const string SchemaVersionTable = "CREATE TABLE IF NOT EXISTS flowsdk_schema_version (id INTEGER PRIMARY KEY, version INTEGER NOT NULL)";

    // Portable DDL: both engines accept these types; times are Unix milliseconds, booleans 0/1.
    private static IEnumerable<string> SchemaStatements(string blobType) =>
    [
        "CREATE TABLE IF NOT EXISTS flowsdk_sequence (id INTEGER PRIMARY KEY, value BIGINT NOT NULL)",
        "INSERT INTO flowsdk_sequence (id, value) VALUES (1, 0) ON CONFLICT (id) DO NOTHING",
        """
        CREATE TABLE IF NOT EXISTS flowsdk_instances (
            id TEXT PRIMARY KEY,
            flow_name TEXT NOT NULL,
            customer TEXT NULL,
            enabled INTEGER NOT NULL,
            configuration TEXT NOT NULL,
            configuration_type TEXT NULL,
            secrets TEXT NOT NULL,
            schedule TEXT NULL,
            created_at BIGINT NOT NULL,
            updated_at BIGINT NOT NULL,
            version BIGINT NOT NULL,
            webhook_previous_until BIGINT NULL)
        """,
        "CREATE INDEX IF NOT EXISTS ix_flowsdk_instances_flow ON flowsdk_instances (flow_name, id)",
        "CREATE INDEX IF NOT EXISTS ix_flowsdk_instances_version ON flowsdk_instances (version)",
        "CREATE TABLE IF NOT EXISTS flowsdk_instance_tombstones (id TEXT PRIMARY KEY, flow_name TEXT NOT NULL, version BIGINT NOT NULL)",
        "CREATE INDEX IF NOT EXISTS ix_flowsdk_instance_tombstones_version ON flowsdk_instance_tombstones (version)",
        """
        CREATE TABLE IF NOT EXISTS flowsdk_executions (
            execution_id TEXT PRIMARY KEY,
            instance_id TEXT NOT NULL,
            flow_name TEXT NOT NULL,
            trigger_kind TEXT NOT NULL,
            started_at BIGINT NOT NULL,
            ended_at BIGINT NULL,
            outcome TEXT NOT NULL,
            failed_step TEXT NULL,
            error TEXT NULL,
            deliveries INTEGER NOT NULL DEFAULT 1,
            instance_deleted INTEGER NOT NULL DEFAULT 0)
        """,
        "CREATE INDEX IF NOT EXISTS ix_flowsdk_executions_instance ON flowsdk_executions (instance_id, started_at)",
        "CREATE INDEX IF NOT EXISTS ix_flowsdk_executions_flow ON flowsdk_executions (flow_name, started_at)",
        "CREATE INDEX IF NOT EXISTS ix_flowsdk_executions_started ON flowsdk_executions (started_at)",

        // 4: the outcome filter of the history and the count of open (pending, running) executions.
        "CREATE INDEX IF NOT EXISTS ix_flowsdk_executions_outcome ON flowsdk_executions (outcome, started_at)",
        $"""
        CREATE TABLE IF NOT EXISTS flowsdk_dead_letters (
            id TEXT PRIMARY KEY,
            execution_id TEXT NOT NULL,
            instance_id TEXT NOT NULL,
            flow_name TEXT NOT NULL,
            trigger_kind TEXT NOT NULL,
            payload_type TEXT NULL,
            content_type TEXT NULL,
            payload {blobType} NOT NULL,
            failed_step TEXT NULL,
            error TEXT NULL,
            created_at BIGINT NOT NULL,
            replay_count INTEGER NOT NULL,
            last_replayed_at BIGINT NULL)
        """,
        "CREATE INDEX IF NOT EXISTS ix_flowsdk_dead_letters_instance ON flowsdk_dead_letters (instance_id, created_at)",
        "CREATE INDEX IF NOT EXISTS ix_flowsdk_dead_letters_created ON flowsdk_dead_letters (created_at)",

        // Accepted messages until their outcome is recorded. state: 0 waiting, 1 claimed. lane_rank is the fair-share
        // order (SqlFlowStore.MessageSql.cs), seq the insertion order within a rank, fence the claim's token.
        $"""
        CREATE TABLE IF NOT EXISTS flowsdk_messages (
            execution_id TEXT PRIMARY KEY,
            flow_name TEXT NOT NULL,
            instance_id TEXT NOT NULL,
            trigger_kind TEXT NOT NULL,
            payload {blobType} NOT NULL,
            accepted_at BIGINT NOT NULL,
            state INTEGER NOT NULL,
            lane_rank BIGINT NOT NULL,
            seq BIGINT NOT NULL,
            deliveries INTEGER NOT NULL,
            fence BIGINT NOT NULL,
            claimed_by TEXT NULL,
            lease_until BIGINT NULL)
        """,
        "CREATE INDEX IF NOT EXISTS ix_flowsdk_messages_claim ON flowsdk_messages (flow_name, state, lane_rank, seq)",
        "CREATE INDEX IF NOT EXISTS ix_flowsdk_messages_instance ON flowsdk_messages (flow_name, instance_id, state, lane_rank)",

        // Claimed messages only, by the node holding them: its leases to renew and the rows its claim marked (a scan of
        // what is claimed, never of the backlog). It replaces version 4's node index (one index fewer to write per
        // message) and its lease index over every state, which also matched the waiting messages' "flow_name = @flow
        // AND state = 0": a planner without statistics for the table (a new one, or one last analysed while nearly
        // empty, the usual state of a queue) took it for the claims and the lane-rank lookups, reading and sorting the
        // whole backlog on every call instead of a few index entries. Version 6 keys it on "claimed_by IS NOT NULL"
        // (claimed_by is set exactly while state = 1) instead of "state = 1": only statements that name a node can use
        // it, and the same planner no longer takes it for a statement that looks up claimed messages by their id or
        // instance, reading every claimed row (and every dead one left since the last vacuum) to find a few.
        "DROP INDEX IF EXISTS ix_flowsdk_messages_lease",
        "DROP INDEX IF EXISTS ix_flowsdk_messages_node",
        "DROP INDEX IF EXISTS ix_flowsdk_messages_claimed",
        "CREATE INDEX IF NOT EXISTS ix_flowsdk_messages_held ON flowsdk_messages (claimed_by, flow_name, lease_until) WHERE claimed_by IS NOT NULL",
        """
        CREATE TABLE IF NOT EXISTS flowsdk_schedule_occurrences (
            flow_name TEXT NOT NULL,
            instance_id TEXT NOT NULL,
            scheduled_at BIGINT NOT NULL,
            execution_id TEXT NOT NULL,
            created_at BIGINT NOT NULL,
            PRIMARY KEY (flow_name, instance_id, scheduled_at))
        """,
        "CREATE INDEX IF NOT EXISTS ix_flowsdk_schedule_occurrences_created ON flowsdk_schedule_occurrences (created_at)",

        // Delivery ids senders gave (a webhook's idempotency key) and the execution each started, until they expire.
        """
        CREATE TABLE IF NOT EXISTS flowsdk_deliveries (
            flow_name TEXT NOT NULL,
            instance_id TEXT NOT NULL,
            delivery_key TEXT NOT NULL,
            execution_id TEXT NOT NULL,
            expires_at BIGINT NOT NULL,
            PRIMARY KEY (flow_name, instance_id, delivery_key))
        """,
        "CREATE INDEX IF NOT EXISTS ix_flowsdk_deliveries_expires ON flowsdk_deliveries (expires_at)",
        """
        CREATE TABLE IF NOT EXISTS flowsdk_audit (
            id TEXT PRIMARY KEY,
            at BIGINT NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            target TEXT NULL,
            status INTEGER NOT NULL,
            detail TEXT NULL)
        """,
        "CREATE INDEX IF NOT EXISTS ix_flowsdk_audit_at ON flowsdk_audit (at, id)",
        "CREATE INDEX IF NOT EXISTS ix_flowsdk_audit_target ON flowsdk_audit (target, at)",
        .. ConnectionsSchemaUpgrade,
    ];

    // Version 4 (upgrade from 3): instances' OAuth 2.0 connections (Connections/SqlFlowStore.Connections.cs). Tokens are
    // encrypted with the secret protector; lease_owner/lease_until is the refresh lease, taken by compare-and-set.
    private static readonly string[] ConnectionsSchemaUpgrade =
    [
        """
        CREATE TABLE IF NOT EXISTS flowsdk_connections (
            instance_id TEXT NOT NULL,
            connection TEXT NOT NULL,
            flow_name TEXT NOT NULL,
            grant_type TEXT NOT NULL,
            state TEXT NOT NULL,
            access_token TEXT NULL,
            refresh_token TEXT NULL,
            expires_at BIGINT NULL,
            scopes TEXT NULL,
            last_error TEXT NULL,
            consent_nonce TEXT NULL,
            lease_owner TEXT NULL,
            lease_until BIGINT NULL,
            updated_at BIGINT NOT NULL,
            version BIGINT NOT NULL,
            PRIMARY KEY (instance_id, connection))
        """,
    ];

    // Columns added after a table first shipped: CREATE TABLE IF NOT EXISTS leaves an existing table as it was.
    private static readonly (string Table, string Column, string Definition)[] AddedColumns =
    [
        ("flowsdk_executions", "deliveries", "INTEGER NOT NULL DEFAULT 1"),
        ("flowsdk_instances", "webhook_previous_until", "BIGINT NULL"),

        // 1: the execution was running when its instance was deleted; hidden, and it leaves no dead letter (SqlFlowStore.Instances.cs).
        ("flowsdk_executions", "instance_deleted", "INTEGER NOT NULL DEFAULT 0"),
    ];

    private static async Task<int> ReadSchemaVersionAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        var command = Command(connection, transaction, "SELECT version FROM flowsdk_schema_version WHERE id = 1");
        await using (command.ConfigureAwait(false))
        {
            var version = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return version is null or DBNull ? 0 : Convert.ToInt32(version, System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    private static async Task WriteSchemaVersionAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        var command = Command(connection, transaction, """
            INSERT INTO flowsdk_schema_version (id, version) VALUES (1, @version)
            ON CONFLICT (id) DO UPDATE SET version = excluded.version WHERE flowsdk_schema_version.version < excluded.version
            """);
        await using (command.ConfigureAwait(false))
        {
            AddInt(command, "@version", SchemaVersion);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Adds <paramref name="column"/> to <paramref name="table"/> unless it is there, inside the schema transaction. The
    /// default is <c>ALTER TABLE ... ADD COLUMN IF NOT EXISTS</c> (PostgreSQL); an engine without that clause overrides it.
    /// </summary>
    /// <param name="connection">The open connection.</param>
    /// <param name="transaction">The schema transaction.</param>
    /// <param name="table">The table.</param>
    /// <param name="column">The column's name.</param>
    /// <param name="definition">The column's type and constraints, for example <c>INTEGER NOT NULL DEFAULT 1</c>.</param>
    /// <param name="cancellationToken">Cancels the statement.</param>
    protected virtual Task AddColumnIfMissingAsync(
        DbConnection connection, DbTransaction transaction, string table, string column, string definition, CancellationToken cancellationToken) =>
        ExecuteAsync(connection, transaction, $"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {column} {definition}", cancellationToken);
}
