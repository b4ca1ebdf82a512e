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

/// <summary>The design's customer sync as a channel flow per customer, for the journal's cost: a step, a filter, a map and a push.</summary>
[Flow(Name, Configuration = typeof(CrmSettings))]
[ChannelTrigger]
public sealed partial class JournaledSyncFlow
{
    public const string Name = "journaled-sync";

    [Step]
    public static CustomerEvent Stamp(CustomerCreated body, FlowContext context) => new(body, context.StartedAt);

    [Filter]
    public static bool IsActive(CustomerEvent e) => e.Customer.Active;

    [Step]
    public static CrmContact Map(CustomerEvent e, CrmSettings settings) => new(settings.BaseUrl + e.Customer.Email, e.Customer.Name);

    [Step]
    public static CrmResponse Push(CrmContact contact) => new(200, contact.Email);
}

public sealed record CustomerEvent(CustomerCreated Customer, DateTimeOffset At);

public sealed record CrmContact(string Email, string Name);

public sealed record CrmResponse(int Status, string Email);
