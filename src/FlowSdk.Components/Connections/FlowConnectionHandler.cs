using System.Net;
using System.Net.Http.Headers;
using FlowSdk.Instances;

namespace FlowSdk.Components.Connections;

/// <summary>
/// Sets <c>Authorization: Bearer</c> from an instance's connection; on a 401 it refreshes once and sends again, and a
/// second 401 makes the connection need consent (<see cref="FlowConnectionManager.RejectedAfterRefreshAsync"/>).
/// </summary>
/// <remarks>A request is sent twice only after a 401: its content must be readable twice (the usual byte, string and JSON contents are).</remarks>
public sealed class FlowConnectionHandler : DelegatingHandler
{
    private readonly FlowConnectionManager _manager;
    private readonly string _flowName;
    private readonly string _instanceId;
    private readonly string _connection;

    /// <summary>Creates the handler for one instance's connection.</summary>
    public FlowConnectionHandler(FlowConnectionManager manager, string flowName, string instanceId, string connection)
    {
        _manager = manager;
        _flowName = flowName;
        _instanceId = instanceId;
        _connection = connection;
    }

    /// <inheritdoc/>
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var token = await _manager.GetAccessTokenAsync(_flowName, _instanceId, _connection, null, cancellationToken).ConfigureAwait(false);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Unauthorized)
        {
            return response;
        }

        // The token may have been revoked or rotated early: one refresh, one more try.
        response.Dispose();
        var refreshed = await _manager.GetAccessTokenAsync(_flowName, _instanceId, _connection, token, cancellationToken).ConfigureAwait(false);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", refreshed);
        response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Unauthorized)
        {
            return response;
        }

        var status = response.StatusCode;
        response.Dispose();
        throw await _manager.RejectedAfterRefreshAsync(_flowName, _instanceId, _connection, status, cancellationToken).ConfigureAwait(false);
    }
}
