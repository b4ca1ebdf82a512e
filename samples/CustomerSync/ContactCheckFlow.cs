using System.Collections.Concurrent;
using FlowSdk;
using FlowSdk.Components.Rest;

namespace CustomerSync;

/// <summary>
/// A small scheduled sync check per customer: asks the customer's CRM how many contacts it holds. Each customer's
/// instance runs on its own schedule (the instance's schedule replaces the hourly default below).
/// </summary>
[Flow(Name, Configuration = typeof(CustomerSyncSettings))]
[ScheduleTrigger("0 0 * * * *")]
public sealed partial class ContactCheckFlow(RestClient rest, ContactCheckResults results)
{
    /// <summary>The flow's name.</summary>
    public const string Name = "customer-sync-check";

    [Step]
    public Task<RestResponse<CrmContactCount>> CountContacts(ScheduledTick tick, CustomerSyncSettings settings, FlowContext context, CancellationToken cancellationToken) =>
        rest.SendAsync(settings.Crm(), context.InstanceId, RestRequest.Get(settings.ContactsPath.TrimEnd('/') + "/count"), SampleJson.Default.CrmContactCount, cancellationToken);

    [Step]
    public void Record(RestResponse<CrmContactCount> response, FlowContext context) =>
        results.Record(context.ExecutionId, response.Value?.Count ?? 0);
}

/// <summary>What each contact check found, by execution, for the console.</summary>
public sealed class ContactCheckResults
{
    private readonly ConcurrentDictionary<Guid, int> _counts = new();

    /// <summary>Records the count an execution found.</summary>
    public void Record(Guid executionId, int count) => _counts[executionId] = count;

    /// <summary>Takes the count an execution found, if it recorded one.</summary>
    public bool TryTake(Guid executionId, out int count) => _counts.TryRemove(executionId, out count);
}
