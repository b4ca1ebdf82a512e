using System.Data.Common;
using FlowSdk.Hosting;

namespace FlowSdk.Instances;

// Delivery ids of senders (webhook idempotency keys): recorded with an accepted message (SqlFlowStore.MessageWriter.cs)
// or alone, also through the accept writer, for a flow whose messages stay in memory; pruned once expired.
public abstract partial class SqlFlowStore
{
    /// <inheritdoc/>
    public async Task<Guid?> FindDeliveryAsync(string flowName, string instanceId, string deliveryKey, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(flowName);
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        ArgumentException.ThrowIfNullOrEmpty(deliveryKey);
        try
        {
            var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                return await FindDeliveryAsync(connection, null, flowName, instanceId, deliveryKey, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (IsUnavailable(e))
        {
            throw Unavailable(e);
        }
    }

    /// <inheritdoc/>
    public async Task<Guid?> RecordDeliveryAsync(string flowName, string instanceId, string deliveryKey, Guid executionId, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(flowName);
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        ArgumentException.ThrowIfNullOrEmpty(deliveryKey);

        // Through the accept writer: records of concurrent deliveries share one transaction (group commit).
        var record = new StoredMessage
        {
            ExecutionId = executionId,
            FlowName = flowName,
            InstanceId = instanceId,
            Trigger = "",
            Payload = default,
            AcceptedAt = TimeProvider.GetUtcNow(),
            DeliveryKey = deliveryKey,
            DeliveryExpiresAt = expiresAt,
        };
        if (await Enqueue(record, deliveryOnly: true, cancellationToken).ConfigureAwait(false) == MessageAcceptance.Accepted)
        {
            return null;
        }

        return await FindDeliveryAsync(flowName, instanceId, deliveryKey, cancellationToken).ConfigureAwait(false) ?? executionId;
    }

    /// <inheritdoc/>
    public async Task ForgetDeliveryAsync(string flowName, string instanceId, string deliveryKey, Guid executionId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(flowName);
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        ArgumentException.ThrowIfNullOrEmpty(deliveryKey);
        try
        {
            using var gate = await EnterWriteAsync(cancellationToken).ConfigureAwait(false);
            var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                var command = Command(connection, null, "DELETE FROM flowsdk_deliveries WHERE flow_name = @flow AND instance_id = @instance AND delivery_key = @delivery AND execution_id = @id");
                await using (command.ConfigureAwait(false))
                {
                    AddText(command, "@flow", flowName);
                    AddText(command, "@instance", instanceId);
                    AddText(command, "@delivery", deliveryKey);
                    AddText(command, "@id", executionId.ToString("D"));
                    await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (Exception e) when (IsUnavailable(e))
        {
            throw Unavailable(e);
        }
    }

    private async Task<Guid?> FindDeliveryAsync(DbConnection connection, DbTransaction? transaction, string flowName, string instanceId, string deliveryKey, CancellationToken cancellationToken)
    {
        var command = Command(connection, transaction, """
            SELECT execution_id FROM flowsdk_deliveries
            WHERE flow_name = @flow AND instance_id = @instance AND delivery_key = @delivery AND expires_at > @now
            """);
        await using (command.ConfigureAwait(false))
        {
            AddText(command, "@flow", flowName);
            AddText(command, "@instance", instanceId);
            AddText(command, "@delivery", deliveryKey);
            AddLong(command, "@now", ToUnixMs(TimeProvider.GetUtcNow()));
            var result = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return result is string id && Guid.TryParse(id, out var executionId) ? executionId : null;
        }
    }

    private async Task PruneDeliveriesAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var command = Command(connection, null, "DELETE FROM flowsdk_deliveries WHERE expires_at <= @now");
        await using (command.ConfigureAwait(false))
        {
            AddLong(command, "@now", ToUnixMs(TimeProvider.GetUtcNow()));
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
