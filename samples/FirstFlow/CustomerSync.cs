using FlowSdk;

namespace FirstFlow;

public sealed record CustomerCreated(string Email, string Name, bool Active);

public sealed record CustomerEvent(CustomerCreated Customer, DateTimeOffset ReceivedAt);

public sealed record CrmContact(string Email, string DisplayName);

public sealed record CrmResponse(int Status, string Id);

public interface ICrmClient
{
    ValueTask<CrmResponse> UpsertAsync(CrmContact contact, CancellationToken cancellationToken);
}

/// <summary>Stands in for the target system: answers 201 with an id, synchronously.</summary>
public sealed class DemoCrm : ICrmClient
{
    private int _next;

    public ValueTask<CrmResponse> UpsertAsync(CrmContact contact, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new CrmResponse(201, $"crm-{Interlocked.Increment(ref _next)}"));
}

/// <summary>The seed's flow: stamp metadata, filter, map to the target model, push, log the answer.</summary>
[Flow("customer-sync")]
[ChannelTrigger]
public sealed partial class CustomerSync(ICrmClient crm)
{
    [Step]
    public CustomerEvent Stamp(CustomerCreated body, FlowContext ctx) => new(body, ctx.StartedAt);

    [Filter]
    public bool IsActive(CustomerEvent e) => e.Customer.Active;

    [Step]
    public CrmContact Map(CustomerEvent e) => new(e.Customer.Email, e.Customer.Name);

    [Step]
    public ValueTask<CrmResponse> Push(CrmContact c, CancellationToken ct) => crm.UpsertAsync(c, ct);

    [Step]
    public static void Log(CrmResponse r) => Console.WriteLine($"  CRM answered {r.Status} ({r.Id})");
}
