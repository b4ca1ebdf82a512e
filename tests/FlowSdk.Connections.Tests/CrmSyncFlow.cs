using FlowSdk.Components.Connections;

namespace FlowSdk.Connections.Tests;

/// <summary>Where the customer's CRM API lives.</summary>
public sealed record CrmApi(Uri ContactsUri);

/// <summary>Pushes a contact to the customer's CRM with the customer's own OAuth connection.</summary>
[Flow("crm-sync")]
[FlowConnection("crm", OAuthGrant.AuthorizationCode, Scopes = "contacts.write offline_access")]
[FlowConnection("batch", OAuthGrant.ClientCredentials, Scopes = "contacts.write")]
public sealed partial class CrmSyncFlow(IFlowConnections connections, CrmApi api)
{
    [Step]
    public async Task<string> Push(string contact, FlowContext context, CancellationToken cancellationToken)
    {
        using var client = connections.GetClient(context, "crm");
        using var response = await client.PostAsync(api.ContactsUri, new StringContent(contact), cancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }
}
