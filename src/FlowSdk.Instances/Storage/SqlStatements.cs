using System.Data;
using System.Data.Common;

namespace FlowSdk.Instances;

/// <summary>
/// Statements to run in order, either as one <see cref="DbBatch"/> (one round trip where the driver has batches) or one
/// command at a time, with each command reused for every statement of the same text (SQLite then prepares it once).
/// Afterwards every statement knows its affected-row count; on failure, <see cref="FailedIndex"/> says which one failed
/// when that is known.
/// </summary>
internal sealed class SqlStatements
{
    private readonly List<Statement> _statements = [];

    /// <summary>The statement that failed, or -1 when none did or a batch did not say which.</summary>
    public int FailedIndex { get; private set; } = -1;

    public int Count => _statements.Count;

    public Statement this[int index] => _statements[index];

    /// <summary>Adds a statement; its parameters go on the returned object.</summary>
    /// <param name="sql">A constant of the store; values travel as parameters.</param>
    /// <param name="returnsRows">Whether it returns rows to read (a query or <c>RETURNING</c>).</param>
    public Statement Add(string sql, bool returnsRows = false)
    {
        var statement = new Statement(sql, returnsRows);
        _statements.Add(statement);
        return statement;
    }

    /// <summary>
    /// Runs the statements. <paramref name="read"/> is called with each row-returning statement's index and its reader,
    /// in statement order.
    /// </summary>
    public async Task ExecuteAsync(
        DbConnection connection,
        DbTransaction? transaction,
        bool asBatch,
        Func<int, DbDataReader, CancellationToken, Task>? read,
        CancellationToken cancellationToken)
    {
        FailedIndex = -1;
        if (asBatch)
        {
            await ExecuteBatchAsync(connection, transaction, read, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await ExecuteOneByOneAsync(connection, transaction, read, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ExecuteBatchAsync(DbConnection connection, DbTransaction? transaction, Func<int, DbDataReader, CancellationToken, Task>? read, CancellationToken cancellationToken)
    {
        var batch = connection.CreateBatch();
        await using (batch.ConfigureAwait(false))
        {
            batch.Transaction = transaction;
            var anyRows = false;
            foreach (var statement in _statements)
            {
                var command = batch.CreateBatchCommand();
#pragma warning disable CA2100 // Every statement is a constant of the store; values travel as parameters.
                command.CommandText = statement.Sql;
#pragma warning restore CA2100
                foreach (var (name, value, type) in statement.Parameters)
                {
                    command.Parameters.Add(Parameter(command.CreateParameter(), name, value, type));
                }

                batch.BatchCommands.Add(command);
                anyRows |= statement.ReturnsRows;
            }

            try
            {
                if (!anyRows)
                {
                    await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    await using (reader.ConfigureAwait(false))
                    {
                        // The reader moves only between statements that return rows, in order.
                        var first = true;
                        for (var i = 0; i < _statements.Count; i++)
                        {
                            if (!_statements[i].ReturnsRows)
                            {
                                continue;
                            }

                            if (!first && !await reader.NextResultAsync(cancellationToken).ConfigureAwait(false))
                            {
                                break;
                            }

                            first = false;
                            if (read is not null)
                            {
                                await read(i, reader, cancellationToken).ConfigureAwait(false);
                            }
                        }

                        // Drain: a later statement's error surfaces only when its result is reached.
                        while (await reader.NextResultAsync(cancellationToken).ConfigureAwait(false))
                        {
                        }
                    }
                }
            }
            catch (DbException e)
            {
                FailedIndex = e.BatchCommand is { } failed ? batch.BatchCommands.IndexOf(failed) : -1;
                throw;
            }

            for (var i = 0; i < _statements.Count; i++)
            {
                _statements[i].RowsAffected = batch.BatchCommands[i].RecordsAffected;
            }
        }
    }

    private async Task ExecuteOneByOneAsync(DbConnection connection, DbTransaction? transaction, Func<int, DbDataReader, CancellationToken, Task>? read, CancellationToken cancellationToken)
    {
        var commands = new Dictionary<string, DbCommand>(StringComparer.Ordinal);
        try
        {
            for (var i = 0; i < _statements.Count; i++)
            {
                var statement = _statements[i];
                var command = Prepare(connection, transaction, commands, statement);
                try
                {
                    if (statement.ReturnsRows)
                    {
                        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                        await using (reader.ConfigureAwait(false))
                        {
                            if (read is not null)
                            {
                                await read(i, reader, cancellationToken).ConfigureAwait(false);
                            }
                        }

                        statement.RowsAffected = reader.RecordsAffected;
                    }
                    else
                    {
                        statement.RowsAffected = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    }
                }
                catch (DbException)
                {
                    FailedIndex = i;
                    throw;
                }
            }
        }
        finally
        {
            foreach (var command in commands.Values)
            {
                await command.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static DbCommand Prepare(DbConnection connection, DbTransaction? transaction, Dictionary<string, DbCommand> commands, Statement statement)
    {
        if (commands.TryGetValue(statement.Sql, out var command) && command.Parameters.Count == statement.Parameters.Count)
        {
            for (var p = 0; p < statement.Parameters.Count; p++)
            {
                command.Parameters[p].Value = statement.Parameters[p].Value ?? DBNull.Value;
            }

            return command;
        }

        command = connection.CreateCommand();
        command.Transaction = transaction;
#pragma warning disable CA2100 // Every statement is a constant of the store; values travel as parameters.
        command.CommandText = statement.Sql;
#pragma warning restore CA2100
        foreach (var (name, value, type) in statement.Parameters)
        {
            command.Parameters.Add(Parameter(command.CreateParameter(), name, value, type));
        }

        if (commands.Remove(statement.Sql, out var replaced))
        {
            replaced.Dispose();
        }

        commands[statement.Sql] = command;
        return command;
    }

    // DbType.Object: the driver infers the type from the value (an array, which no DbType names).
    private static DbParameter Parameter(DbParameter parameter, string name, object? value, DbType type)
    {
        parameter.ParameterName = name;
        if (type != DbType.Object)
        {
            parameter.DbType = type;
        }

        parameter.Value = value ?? DBNull.Value;
        return parameter;
    }

    /// <summary>One statement: its text, its parameters in order, and afterwards its affected-row count.</summary>
    internal sealed class Statement(string sql, bool returnsRows)
    {
        public string Sql { get; } = sql;

        public bool ReturnsRows { get; } = returnsRows;

        public List<(string Name, object? Value, DbType Type)> Parameters { get; } = [];

        /// <summary>Rows inserted, updated or deleted; -1 before it ran or for a query.</summary>
        public int RowsAffected { get; set; } = -1;

        public Statement Text(string name, string? value)
        {
            Parameters.Add((name, value, DbType.String));
            return this;
        }

        public Statement Long(string name, long? value)
        {
            Parameters.Add((name, value, DbType.Int64));
            return this;
        }

        public Statement Int(string name, int value)
        {
            Parameters.Add((name, value, DbType.Int32));
            return this;
        }

        public Statement Binary(string name, byte[] value)
        {
            Parameters.Add((name, value, DbType.Binary));
            return this;
        }

        /// <summary>An array, for engines that take one as a parameter (PostgreSQL); its type is the driver's inference.</summary>
        public Statement Array(string name, System.Array value)
        {
            Parameters.Add((name, value, DbType.Object));
            return this;
        }
    }
}
