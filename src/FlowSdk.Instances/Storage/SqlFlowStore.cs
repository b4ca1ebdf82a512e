using System.Data;
using System.Data.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FlowSdk.Instances;

/// <summary>
/// The instance store, execution history, dead letters, the audit log and accepted messages (<see cref="FlowSdk.Hosting.IFlowMessageStore"/>)
/// on a relational database. The SQL is written once for every engine (named parameters, <c>ON CONFLICT</c>,
/// <c>RETURNING</c>, times as Unix milliseconds in BIGINT columns); an engine package (<c>FlowSdk.Storage.Sqlite</c>,
/// <c>FlowSdk.Storage.PostgreSql</c>) derives from it to supply connections and the few differences, and registers the
/// derived store with <see cref="FlowInstancesBuilder.UseStore{TStore}"/>.
/// </summary>
public abstract partial class SqlFlowStore : IInstanceStore, IExecutionHistory, IDeadLetterStore, IAsyncDisposable
{
    private readonly ISecretProtector _protector;
    private readonly ExecutionHistoryOptions _history;
    private readonly SemaphoreSlim _initLock = new(1, 1);
    private volatile bool _initialized;

    /// <summary>Creates the store.</summary>
    /// <param name="protector">Encrypts instance secrets before they are written.</param>
    /// <param name="history">Execution history retention; the defaults when null.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="logger">The store's logger; none when null.</param>
    protected SqlFlowStore(ISecretProtector protector, IOptions<ExecutionHistoryOptions>? history, TimeProvider? timeProvider, ILogger? logger)
    {
        ArgumentNullException.ThrowIfNull(protector);
        _protector = protector;
        _history = history?.Value ?? new ExecutionHistoryOptions();
        TimeProvider = timeProvider ?? TimeProvider.System;
        Logger = logger ?? NullLogger.Instance;
    }

    /// <summary>The clock that stamps changes and drives retention.</summary>
    protected TimeProvider TimeProvider { get; }

    private protected ILogger Logger { get; }

    /// <summary>The column type for binary payloads.</summary>
    protected abstract string BlobType { get; }

    /// <summary>Opens a connection.</summary>
    protected abstract ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);

    /// <summary>Begins a write transaction that holds the engine's write lock from its first statement.</summary>
    protected abstract ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>Runs once before the schema is created, outside any transaction (for example to create a folder).</summary>
    protected virtual Task PrepareAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Runs before the schema statements, in their transaction (for example to serialise nodes creating it at once).</summary>
    protected virtual Task BeforeSchemaAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// A lock every write of this process takes first, or null. SQLite answers a second writer with "busy" and the
    /// driver then sleeps a pool thread before retrying; queueing writers here instead keeps threads free.
    /// </summary>
    protected virtual SemaphoreSlim? WriteGate => null;

    /// <summary>
    /// How many accept transactions may be in flight at once, each carrying what queued meanwhile. One suits an engine
    /// with a single writer (SQLite); a server engine overlaps several, and its own group commit shares their flushes.
    /// </summary>
    protected virtual int AcceptWriters => 1;

    /// <summary>Whether <paramref name="exception"/> reports a primary-key or unique violation.</summary>
    protected abstract bool IsUniqueViolation(DbException exception);

    /// <inheritdoc/>
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        if (_initialized)
        {
            return;
        }

        await _initLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_initialized)
            {
                return;
            }

            await PrepareAsync(cancellationToken).ConfigureAwait(false);
            var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                await using (transaction.ConfigureAwait(false))
                {
                    await BeforeSchemaAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
                    await ExecuteAsync(connection, transaction, SchemaVersionTable, cancellationToken).ConfigureAwait(false);
                    if (await ReadSchemaVersionAsync(connection, transaction, cancellationToken).ConfigureAwait(false) < SchemaVersion)
                    {
                        foreach (var statement in SchemaStatements(BlobType))
                        {
                            await ExecuteAsync(connection, transaction, statement, cancellationToken).ConfigureAwait(false);
                        }

                        foreach (var (table, column, definition) in AddedColumns)
                        {
                            await AddColumnIfMissingAsync(connection, transaction, table, column, definition, cancellationToken).ConfigureAwait(false);
                        }

                        foreach (var (table, column, definition) in StepJournalColumns)
                        {
                            await AddColumnIfMissingAsync(connection, transaction, table, column, definition, cancellationToken).ConfigureAwait(false);
                        }

                        await WriteSchemaVersionAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
                    }

                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            _initialized = true;
            Log.SchemaReady(Logger, GetType().Name);
        }
        finally
        {
            _initLock.Release();
        }
    }

    /// <summary>
    /// Releases the store's resources. Messages still queued for acceptance fail with
    /// <see cref="FlowSdk.Hosting.FlowStoreUnavailableException"/>; a transaction in flight finishes first. An engine's
    /// override calls this before it closes its connections.
    /// </summary>
    public virtual async ValueTask DisposeAsync()
    {
        await StopWriterAsync().ConfigureAwait(false);
        _initLock.Dispose();
        GC.SuppressFinalize(this);
    }

    private async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        return await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<WriteLease> EnterWriteAsync(CancellationToken cancellationToken)
    {
        var gate = WriteGate;
        if (gate is not null)
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        return new WriteLease(gate);
    }

    private readonly struct WriteLease(SemaphoreSlim? gate) : IDisposable
    {
        public void Dispose() => gate?.Release();
    }

    private static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
#pragma warning disable CA2100 // Every statement is a constant of this class; values travel as parameters.
        command.CommandText = sql;
#pragma warning restore CA2100
        return command;
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        var command = Command(connection, transaction, sql);
        await using (command.ConfigureAwait(false))
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static void Add(DbCommand command, string name, object? value, DbType type)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.DbType = type;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }

    private static void AddText(DbCommand command, string name, string? value) => Add(command, name, value, DbType.String);

    private static void AddLong(DbCommand command, string name, long? value) => Add(command, name, value, DbType.Int64);

    private static void AddInt(DbCommand command, string name, int value) => Add(command, name, value, DbType.Int32);

    private static long ToUnixMs(DateTimeOffset value) => value.ToUnixTimeMilliseconds();

    private static DateTimeOffset FromUnixMs(long value) => DateTimeOffset.FromUnixTimeMilliseconds(value);

    private static long ReadLong(DbDataReader reader, int ordinal) => Convert.ToInt64(reader.GetValue(ordinal), System.Globalization.CultureInfo.InvariantCulture);

    private static long? ReadNullableLong(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : ReadLong(reader, ordinal);

    private static string? ReadNullableText(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static int ClampLimit(int limit, int max) => Math.Clamp(limit, 1, max);

    /// <summary>Takes the next number of the store-wide change sequence. Must run first in a write transaction: the
    /// row lock it takes orders writers, so versions become visible in the order they were taken and a change-feed
    /// reader never skips a lower version that commits later.</summary>
    private static async Task<long> NextVersionAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        var command = Command(connection, transaction, "UPDATE flowsdk_sequence SET value = value + 1 WHERE id = 1 RETURNING value");
        await using (command.ConfigureAwait(false))
        {
            var result = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return Convert.ToInt64(result, System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(3001, LogLevel.Debug, "Flow store schema ready ({Store})")]
        public static partial void SchemaReady(ILogger logger, string store);

        [LoggerMessage(3002, LogLevel.Information, "Pruned {Count} executions from the history")]
        public static partial void Pruned(ILogger logger, int count);

        [LoggerMessage(3003, LogLevel.Warning, "Storing {Count} accepted messages hit a conflict (attempt {Attempt}); trying again")]
        public static partial void AcceptConflict(ILogger logger, int count, int attempt, Exception exception);

        [LoggerMessage(3004, LogLevel.Warning, "Storing {Count} accepted messages failed; none was accepted")]
        public static partial void AcceptFailed(ILogger logger, int count, Exception exception);

        [LoggerMessage(3005, LogLevel.Warning, "Flow {FlowName} execution {ExecutionId}: the database refused the message; the rest of its batch is stored")]
        public static partial void AcceptRefused(ILogger logger, string flowName, Guid executionId, Exception exception);

        [LoggerMessage(3040, LogLevel.Error, "The secrets of instance {InstanceId} do not decrypt with the configured keys; they were left as they are")]
        public static partial void ReEncryptFailed(ILogger logger, string instanceId, Exception exception);

        [LoggerMessage(3041, LogLevel.Warning, "Instance {InstanceId} kept changing while its secrets were re-encrypted; run the re-encryption again")]
        public static partial void ReEncryptRaced(ILogger logger, string instanceId);

        [LoggerMessage(3042, LogLevel.Information, "Re-encrypted the secrets of {ReEncrypted} instances; {AlreadyCurrent} were current, {Failed} failed")]
        public static partial void ReEncrypted(ILogger logger, int reEncrypted, int alreadyCurrent, int failed);

        [LoggerMessage(3043, LogLevel.Error, "The tokens of connection {Connection} of instance {InstanceId} do not decrypt with the configured keys; they were left as they are")]
        public static partial void ConnectionReEncryptFailed(ILogger logger, string instanceId, string connection, Exception exception);

        [LoggerMessage(3044, LogLevel.Warning, "Connection {Connection} of instance {InstanceId} kept changing while its tokens were re-encrypted; run the re-encryption again")]
        public static partial void ConnectionReEncryptRaced(ILogger logger, string instanceId, string connection);

        [LoggerMessage(3045, LogLevel.Information, "Re-encrypted the tokens of {ReEncrypted} connections; {AlreadyCurrent} were current, {Failed} failed")]
        public static partial void ConnectionsReEncrypted(ILogger logger, int reEncrypted, int alreadyCurrent, int failed);
    }
}
