namespace FlowSdk.Instances.Benchmarks;

/// <summary>A webhook flow deployed per customer: its instances sit idle until a message arrives.</summary>
[Flow(InstanceFixture.FlowName, Configuration = typeof(CrmSettings))]
[WebhookTrigger("/hooks/customers")]
public sealed partial class SyncFlow
{
    [Step]
    public static string Address(CustomerCreated customer, CrmSettings settings) => settings.BaseUrl + settings.ContactsPath + "/" + customer.Email;
}

/// <summary>A schedule flow deployed per customer: every idle instance holds a schedule on the host's scheduler.</summary>
[Flow(InstanceFixture.CheckFlowName, Configuration = typeof(CrmSettings))]
[ScheduleTrigger("0 0 * * * *")]
public sealed partial class CheckFlow
{
    [Step]
    public static string Check(ScheduledTick tick, CrmSettings settings) => settings.BaseUrl!;
}
