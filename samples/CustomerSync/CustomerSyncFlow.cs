using FlowSdk;
using FlowSdk.Components.Rest;

namespace CustomerSync;

/// <summary>
/// The seed's five-step flow, deployed once per customer: a webhook receives a customer, (1) metadata is injected,
/// (2) inactive customers are filtered out, (3) the customer is transformed into the target system's model, (4) it is
/// POSTed to the customer's own CRM (address from the instance's settings, API key from its secrets), whose answer
/// replaces the payload, (5) the response code is logged.
/// </summary>
[Flow(Name, MaxConcurrency = 2, Configuration = typeof(CustomerSyncSettings))]
[WebhookTrigger("/hooks/customers")]
[Retry(3, BaseDelayMilliseconds = 100)]
public sealed partial class CustomerSyncFlow(RestClient rest, ILogger<CustomerSyncFlow> log)
{
    /// <summary>The flow's name.</summary>
    public const string Name = "customer-sync";

    [Step]
    public static CustomerEvent InjectMetadata(CustomerCreated customer, FlowContext context) =>
        new(customer, context.ExecutionId, context.StartedAt, "webhook");

    [Filter]
    public static bool IsActive(CustomerEvent e) => e.Customer.Active;

    [Step]
    public static CrmContact ToCrmContact(CustomerEvent e) =>
        new(e.Customer.Email.ToLowerInvariant(), e.Customer.Name, e.ExecutionId.ToString("N"));

    // The settings are this execution's instance's, typed: the generated pipeline passes them in. The REST component
    // reads the API key from the instance's secrets; a non-success answer throws, so retries and dead letters apply.
    [Step]
    public Task<RestResponse<CrmContactCreated>> PostToCrm(CrmContact contact, CustomerSyncSettings settings, FlowContext context, CancellationToken cancellationToken) =>
        rest.SendAsync(settings.Crm(), context.InstanceId, RestRequest.Post(settings.ContactsPath).WithJsonBody(contact, SampleJson.Default.CrmContact), SampleJson.Default.CrmContactCreated, cancellationToken);

    [Step]
    public void LogResponse(RestResponse<CrmContactCreated> response, FlowContext context) =>
        log.LogInformation("Execution {ExecutionId} of {InstanceId}: the CRM answered {StatusCode} (contact {ContactId})", context.ExecutionId, context.InstanceId, (int)response.StatusCode, response.Value?.Id);
}
