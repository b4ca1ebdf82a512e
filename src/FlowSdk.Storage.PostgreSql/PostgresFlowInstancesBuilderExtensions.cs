using FlowSdk.Instances;
using FlowSdk.Storage.PostgreSql;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Chooses the PostgreSQL store for flow instances.</summary>
public static class PostgresFlowInstancesBuilderExtensions
{
    /// <summary>Stores instances, history, dead letters and accepted messages in PostgreSQL (several nodes).</summary>
    /// <param name="builder">The builder returned by <c>AddFlowInstances</c>.</param>
    /// <param name="configure">Sets the connection string.</param>
    /// <returns>The builder.</returns>
    public static FlowInstancesBuilder UsePostgres(this FlowInstancesBuilder builder, Action<PostgresStoreOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.Configure(configure);
        return builder.UseStore<PostgresFlowStore>();
    }
}
