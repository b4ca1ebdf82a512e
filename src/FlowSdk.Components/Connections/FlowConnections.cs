using FlowSdk.Instances;

namespace FlowSdk.Components.Connections;

/// <summary>
/// The default <see cref="IFlowConnections"/>: one pooled <see cref="SocketsHttpHandler"/> for every connection, a
/// light <see cref="HttpClient"/> with a <see cref="FlowConnectionHandler"/> per call.
/// </summary>
internal sealed class FlowConnections(FlowConnectionManager manager, FlowConnectionsHandler shared) : IFlowConnections
{
    public HttpClient GetClient(FlowContext context, string connection)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentException.ThrowIfNullOrEmpty(connection);
        var handler = new FlowConnectionHandler(manager, context.FlowName, context.InstanceId, connection) { InnerHandler = shared.Handler };

        // The shared handler outlives every client: disposing a client must not dispose it.
        return new HttpClient(handler, disposeHandler: false);
    }

    public ValueTask<string> GetAccessTokenAsync(FlowContext context, string connection, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        return manager.GetAccessTokenAsync(context.FlowName, context.InstanceId, connection, null, cancellationToken);
    }
}

/// <summary>The one connection-pooling handler under every connection's client; disposed with the container.</summary>
internal sealed class FlowConnectionsHandler : IDisposable
{
    public HttpMessageHandler Handler { get; } = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };

    public void Dispose() => Handler.Dispose();
}
