using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using CustomerSync;
using FlowSdk.Components.Rest;

// Instances' settings are read with the sample's own source-generated JSON metadata: no reflection.
[assembly: FlowSdk.FlowJsonContext(typeof(SampleJson))]

namespace CustomerSync;

/// <summary>
/// One customer's settings for the customer-sync flow (an instance's configuration): where that customer's CRM is and
/// how to call it. Its credentials are instance secrets, not settings: they are encrypted at rest and never returned.
/// </summary>
public sealed class CustomerSyncSettings
{
    /// <summary>The secret holding the API key sent to the customer's CRM.</summary>
    public const string CrmApiKeySecret = "crm-api-key";

    /// <summary>
    /// The Standard Webhooks secret (<c>whsec_</c> and base64) whose decoded bytes key the HMAC-SHA256 signature of the
    /// customer's webhook requests.
    /// </summary>
    public const string WebhookSigningSecret = "webhook-secret";

    /// <summary>The customer's CRM API, ending with '/'.</summary>
    [Required]
    [Url]
    public string? CrmBaseUrl { get; set; }

    /// <summary>The contacts resource, relative to <see cref="CrmBaseUrl"/>.</summary>
    [Required]
    public string ContactsPath { get; set; } = "contacts";

    /// <summary>The header that carries the API key.</summary>
    [Required]
    public string ApiKeyHeader { get; set; } = "X-Api-Key";

    /// <summary>The customer's CRM as a REST endpoint: its address, and its API key sent in the header, read from the instance's secrets.</summary>
    public RestEndpoint Crm() => new(new Uri(CrmBaseUrl!, UriKind.Absolute)) { Auth = RestAuth.ApiKeyInHeader(ApiKeyHeader, CrmApiKeySecret) };
}

/// <summary>Source-generated JSON metadata of the sample's own types.</summary>
[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(CustomerSyncSettings))]
[JsonSerializable(typeof(CustomerCreated))]
[JsonSerializable(typeof(CrmContact))]
[JsonSerializable(typeof(CrmContactCreated))]
[JsonSerializable(typeof(CrmContactCount))]
internal sealed partial class SampleJson : JsonSerializerContext;
