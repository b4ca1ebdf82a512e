using FlowSdk.Instances;
using FlowSdk.Storage.Sqlite;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Chooses the embedded SQLite store for flow instances.</summary>
public static class SqliteFlowInstancesBuilderExtensions
{
    /// <summary>Stores instances, history, dead letters and accepted messages in an embedded SQLite file (one node).</summary>
    /// <param name="builder">The builder returned by <c>AddFlowInstances</c>.</param>
    /// <param name="configure">Sets where the file is kept (default <c>flowsdk.db</c> in the working directory) and how durable commits are.</param>
    /// <returns>The builder.</returns>
    public static FlowInstancesBuilder UseSqlite(this FlowInstancesBuilder builder, Action<SqliteStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Configure(configure ?? (_ => { }));
        return builder.UseStore<SqliteFlowStore>();
    }
}
