using System.Net;
using System.Text;
using FlowSdk.Components;

namespace CustomerSync.Benchmarks;

/// <summary>
/// Stands in for the network: answers every request the way the CRM would (201 with the new contact's id), at once,
/// so the benchmark measures the flow and the HTTP client stack, not a server.
/// </summary>
public sealed class StubCrm : HttpMessageHandler
{
    private static readonly byte[] s_created = Encoding.UTF8.GetBytes("""{"id":"crm-1"}""");

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = new HttpResponseMessage(HttpStatusCode.Created)
        {
            RequestMessage = request,
            Content = new ByteArrayContent(s_created),
        };
        response.Content.Headers.ContentType = new("application/json");
        return Task.FromResult(response);
    }
}

/// <summary>The instance's secrets without a store: every secret is a constant.</summary>
public sealed class StubSecrets : IFlowSecretSource
{
    public ValueTask<string?> GetSecretAsync(string instanceId, string name, CancellationToken cancellationToken) => ValueTask.FromResult<string?>("bench-key");
}
