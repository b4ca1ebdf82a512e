using System.Collections.Concurrent;

namespace CustomerSync;

/// <summary>Stands in for System B: an in-process endpoint that stores contacts and answers 201 with an id.</summary>
public sealed class DemoCrm
{
    private readonly ConcurrentQueue<CrmContact> _contacts = new();
    private int _next;

    /// <summary>The contacts received so far.</summary>
    public IReadOnlyCollection<CrmContact> Contacts => _contacts;

    internal IResult Create(CrmContact contact)
    {
        _contacts.Enqueue(contact);
        var id = $"crm-{Interlocked.Increment(ref _next)}";
        return Results.Created($"/demo/crm/contacts/{id}", new CrmContactCreated(id));
    }
}
