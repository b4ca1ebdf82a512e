using System.Collections.Concurrent;
using System.Data;
using System.Data.Common;
using FlowSdk.Instances;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FlowSdk.Storage.Sqlite;

/// <summary>
/// The embedded default store: one SQLite file, created on first use, in write-ahead-log mode so readers never wait for
/// the writer. Suits a single node; several nodes share state through the PostgreSQL store
/// (<c>FlowSdk.Storage.PostgreSql</c>).
/// </summary>
public sealed class SqliteFlowStore : SqlFlowStore
{
    // One gate per database file for the whole process, so several store objects on one file queue their writes too.
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Gates = new(StringComparer.Ordinal);

    private readonly string _connectionString;
    private readonly string _connectionPragmas;
    private readonly SemaphoreSlim _gate;

    /// <summary>Creates the store.</summary>
    public SqliteFlowStore(
        IOptions<SqliteStoreOptions> options,
        ISecretProtector protector,
        IOptions<ExecutionHistoryOptions>? history = null,
        TimeProvider? timeProvider = null,
        ILogger<SqliteFlowStore>? logger = null)
        : base(protector, history, timeProvider, logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        FilePath = System.IO.Path.GetFullPath(options.Value.Path);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = FilePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        _gate = Gates.GetOrAdd(FilePath, _ => new SemaphoreSlim(1, 1));
        var synchronous = options.Value.Synchronous == SqliteSynchronous.Full ? "FULL" : "NORMAL";
        var busyTimeout = (long)Math.Clamp(options.Value.BusyTimeout.TotalMilliseconds, 0, int.MaxValue);
        _connectionPragmas = FormattableString.Invariant($"PRAGMA synchronous={synchronous}; PRAGMA busy_timeout={busyTimeout};");
    }

    /// <summary>The database file's full path.</summary>
    public string FilePath { get; }

    /// <inheritdoc/>
    protected override string BlobType => "BLOB";

    /// <inheritdoc/>
    protected override SemaphoreSlim? WriteGate => _gate;

    /// <inheritdoc/>
    protected override async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);

            // Both are settings of the connection, not the file, and a pooled connection may come from before a change.
            var command = connection.CreateCommand();
            await using (command.ConfigureAwait(false))
            {
#pragma warning disable CA2100 // Built from an enum and a number in the constructor.
                command.CommandText = _connectionPragmas;
#pragma warning restore CA2100
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Opens a connection as the store does, with its settings applied.</summary>
    internal ValueTask<DbConnection> OpenConfiguredConnectionAsync(CancellationToken cancellationToken) => OpenConnectionAsync(cancellationToken);

    /// <inheritdoc/>
    protected override ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        // BEGIN IMMEDIATE: the write lock is taken up front, so two writers never deadlock upgrading a read lock.
        ValueTask.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(IsolationLevel.Serializable, deferred: false));

    /// <inheritdoc/>
    protected override bool IsUniqueViolation(DbException exception) =>
        exception is SqliteException { SqliteErrorCode: 19 };

    /// <inheritdoc/>
    /// <remarks>SQLITE_TOOBIG (18), SQLITE_CONSTRAINT (19), SQLITE_MISMATCH (20), SQLITE_RANGE (25).</remarks>
    protected override bool IsRefusedValue(DbException exception) =>
        exception is SqliteException { SqliteErrorCode: 18 or 19 or 20 or 25 };

    /// <inheritdoc/>
    /// <remarks>SQLite has no <c>ADD COLUMN IF NOT EXISTS</c>: the table's columns are looked up first.</remarks>
    protected override async Task AddColumnIfMissingAsync(
        DbConnection connection, DbTransaction transaction, string table, string column, string definition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var check = connection.CreateCommand();
        await using (check.ConfigureAwait(false))
        {
            check.Transaction = transaction;
            check.CommandText = "SELECT count(*) FROM pragma_table_info(@table) WHERE name = @column";
            check.Parameters.Add(new SqliteParameter("@table", table));
            check.Parameters.Add(new SqliteParameter("@column", column));
            if (Convert.ToInt64(await check.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture) > 0)
            {
                return;
            }
        }

        var alter = connection.CreateCommand();
        await using (alter.ConfigureAwait(false))
        {
            alter.Transaction = transaction;
#pragma warning disable CA2100 // Table, column and definition are constants of the store's schema.
            alter.CommandText = $"ALTER TABLE {table} ADD COLUMN {column} {definition}";
#pragma warning restore CA2100
            await alter.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    protected override async Task PrepareAsync(CancellationToken cancellationToken)
    {
        var directory = System.IO.Path.GetDirectoryName(FilePath);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        // Write-ahead logging lets readers run while a write is in progress; it is a property of the file and
        // cannot be switched inside a transaction.
        var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var command = connection.CreateCommand();
            await using (command.ConfigureAwait(false))
            {
                command.CommandText = "PRAGMA journal_mode=WAL";
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
