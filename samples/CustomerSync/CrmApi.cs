using System.Net.Http.Json;
using System.Text.Json.Serialization.Metadata;
using FlowSdk.Hosting.Http;

namespace CustomerSync;

/// <summary>Where a customer's CRM key comes from: its instance's secrets.</summary>
public interface ICrmKeys
{
    /// <summary>The CRM API key of <paramref name="instanceId"/>.</summary>
    ValueTask<string> GetApiKeyAsync(string instanceId, CancellationToken cancellationToken);
}

/// <summary>
/// Calls a customer's CRM: the address and header come from the instance's settings, the key from its secrets. A
/// non-success answer throws <see cref="FlowHttpException"/>, so the flow's retries and dead letters apply.
/// </summary>
public sealed class CrmApi(IHttpClientFactory clients, ICrmKeys keys)
{
    /// <summary>Creates a contact in the customer's CRM.</summary>
    public async Task<FlowHttpResponse<CrmContactCreated>> CreateContactAsync(CustomerSyncSettings settings, string instanceId, CrmContact contact, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        using var request = new HttpRequestMessage(HttpMethod.Post, Resolve(settings, settings.ContactsPath))
        {
            Content = JsonContent.Create(contact, SampleJson.Default.CrmContact),
        };
        return await SendAsync(request, settings, instanceId, SampleJson.Default.CrmContactCreated, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Asks the customer's CRM how many contacts it holds.</summary>
    public async Task<FlowHttpResponse<CrmContactCount>> CountContactsAsync(CustomerSyncSettings settings, string instanceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        using var request = new HttpRequestMessage(HttpMethod.Get, Resolve(settings, settings.ContactsPath.TrimEnd('/') + "/count"));
        return await SendAsync(request, settings, instanceId, SampleJson.Default.CrmContactCount, cancellationToken).ConfigureAwait(false);
    }

    private static Uri Resolve(CustomerSyncSettings settings, string path) => new(new Uri(settings.CrmBaseUrl!, UriKind.Absolute), path);

    private async Task<FlowHttpResponse<T>> SendAsync<T>(HttpRequestMessage request, CustomerSyncSettings settings, string instanceId, JsonTypeInfo<T> answer, CancellationToken cancellationToken)
    {
        request.Headers.Add(settings.ApiKeyHeader, await keys.GetApiKeyAsync(instanceId, cancellationToken).ConfigureAwait(false));
        using var response = await clients.CreateClient(CustomerSyncFlow.CrmClient).SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new FlowHttpException(request.Method, request.RequestUri, response.StatusCode);
        }

        var value = await response.Content.ReadFromJsonAsync(answer, cancellationToken).ConfigureAwait(false);
        return new FlowHttpResponse<T>(response.StatusCode, value);
    }
}
