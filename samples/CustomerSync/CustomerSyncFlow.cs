using FlowSdk;
using FlowSdk.Hosting.Http;

namespace CustomerSync;

/// <summary>
/// The seed's five-step flow: a webhook receives a customer, (1) metadata is injected, (2) inactive customers are
/// filtered out, (3) the customer is transformed into the target system's model, (4) it is POSTed to the target
/// system, whose answer replaces the payload, (5) the response code is logged.
/// </summary>
[Flow("customer-sync", MaxConcurrency = 2)]
[WebhookTrigger("/hooks/customers")]
[Retry(3, BaseDelayMilliseconds = 100)]
public sealed partial class CustomerSyncFlow(FlowHttpClient http, ILogger<CustomerSyncFlow> log)
{
    /// <summary>The named HTTP client of the target system.</summary>
    public const string CrmClient = "crm";

    [Step]
    public static CustomerEvent InjectMetadata(CustomerCreated customer, FlowContext context) =>
        new(customer, context.ExecutionId, context.StartedAt, "webhook");

    [Filter]
    public static bool IsActive(CustomerEvent e) => e.Customer.Active;

    [Step]
    public static CrmContact ToCrmContact(CustomerEvent e) =>
        new(e.Customer.Email.ToLowerInvariant(), e.Customer.Name, e.ExecutionId.ToString("N"));

    [Step]
    public Task<FlowHttpResponse<CrmContactCreated>> PostToCrm(CrmContact contact, CancellationToken cancellationToken) =>
        http.PostAsync<CrmContact, CrmContactCreated>(CrmClient, "demo/crm/contacts", contact, cancellationToken);

    [Step]
    public void LogResponse(FlowHttpResponse<CrmContactCreated> response, FlowContext context) =>
        log.LogInformation("Execution {ExecutionId}: the CRM answered {StatusCode} (contact {ContactId})", context.ExecutionId, (int)response.StatusCode, response.Value?.Id);
}
