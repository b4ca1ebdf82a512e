using System.Data.Common;

namespace FlowSdk.Instances;

public abstract partial class SqlFlowStore
{
    // What an instance leaves behind goes with it, in the delete's transaction, so a new deployment under the same id
    // starts clean. Messages claimed by a node are still running and finish there: their history rows are kept but
    // marked instance_deleted (hidden from reads), and a dead letter they produce afterwards is not stored (see
    // AddDeadLetterAsync). The mark lives on the execution, not on a time, so it holds whatever the nodes' clocks say.
    // The marking comes first: it locks those history rows, which a concurrent dead-letter insert locks too, so on
    // PostgreSQL either the letter commits first and is deleted below, or it sees the mark. The claimed messages then
    // move to an instance id no deployment can have (ids have no spaces or parentheses): they no longer count against a
    // new deployment's caps and guards, and if their node dies and the lease lapses, the node that claims them again
    // finds no such instance and ends them as poison, rather than running the old payload for the new deployment.
    private static readonly string[] DeleteInstanceDataSql =
    [
        """
        UPDATE flowsdk_executions SET instance_deleted = 1
        WHERE instance_id = @id AND execution_id IN (
            SELECT execution_id FROM flowsdk_messages WHERE flow_name = @flow AND instance_id = @id AND state = 1)
        """,
        "UPDATE flowsdk_messages SET instance_id = @orphan WHERE flow_name = @flow AND instance_id = @id AND state = 1",
        "DELETE FROM flowsdk_executions WHERE instance_id = @id AND instance_deleted = 0",
        "DELETE FROM flowsdk_dead_letters WHERE instance_id = @id",
        "DELETE FROM flowsdk_messages WHERE flow_name = @flow AND instance_id = @id AND state = 0",
        "DELETE FROM flowsdk_schedule_occurrences WHERE flow_name = @flow AND instance_id = @id",
        "DELETE FROM flowsdk_deliveries WHERE flow_name = @flow AND instance_id = @id",
        "DELETE FROM flowsdk_connections WHERE instance_id = @id",
    ];

    /// <summary>What the instance id of a deleted instance's claimed messages starts with.</summary>
    private const string DeletedInstancePrefix = "(deleted) ";

    private static async Task DeleteInstanceDataAsync(DbConnection connection, DbTransaction transaction, string instanceId, string flowName, CancellationToken cancellationToken)
    {
        foreach (var sql in DeleteInstanceDataSql)
        {
            var command = Command(connection, transaction, sql);
            await using (command.ConfigureAwait(false))
            {
                AddText(command, "@id", instanceId);
                AddText(command, "@flow", flowName);
                AddText(command, "@orphan", DeletedInstancePrefix + instanceId);
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
