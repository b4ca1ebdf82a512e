namespace FlowSdk.Components.Connections;

/// <summary>
/// Authenticated HTTP for a flow's OAuth 2.0 connections (<see cref="FlowConnectionAttribute"/>): a step asks for the
/// connection by name and gets an <see cref="HttpClient"/> whose requests carry the running instance's access token,
/// refreshed before it expires. A 401 answer is retried once with a refreshed token; a second 401, or a grant the
/// authorization server revoked, throws <see cref="FlowSdk.Instances.FlowConnectionException"/> and marks the
/// connection as needing consent.
/// </summary>
public interface IFlowConnections
{
    /// <summary>
    /// An <see cref="HttpClient"/> for <paramref name="connection"/> of the instance running in <paramref name="context"/>.
    /// Cheap: it shares one pooled handler; dispose it or not, as you like.
    /// </summary>
    HttpClient GetClient(FlowContext context, string connection);

    /// <summary>A valid access token for <paramref name="connection"/> of the instance in <paramref name="context"/>, for an API client that sets it itself.</summary>
    ValueTask<string> GetAccessTokenAsync(FlowContext context, string connection, CancellationToken cancellationToken = default);
}
