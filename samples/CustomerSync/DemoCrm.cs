using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace CustomerSync;

/// <summary>
/// Stands in for System B: an in-process CRM with one tenant per customer at <c>/demo/crm/{tenant}/contacts</c>. It
/// stores contacts and answers 201 with an id, and 401 to a request without the key it issued to that tenant.
/// </summary>
public sealed class DemoCrm
{
    /// <summary>The header the demo CRM reads its API key from.</summary>
    public const string KeyHeader = "X-Crm-Key";

    private readonly ConcurrentDictionary<string, ConcurrentQueue<CrmContact>> _contacts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte[]> _keyHashes = new(StringComparer.Ordinal);
    private int _next;

    /// <summary>Every contact received so far, all tenants.</summary>
    public IReadOnlyCollection<CrmContact> Contacts => [.. _contacts.Values.SelectMany(q => q)];

    /// <summary>The contacts a tenant received so far.</summary>
    public IReadOnlyCollection<CrmContact> ContactsOf(string tenant) =>
        _contacts.TryGetValue(tenant, out var contacts) ? contacts : [];

    /// <summary>Issues <paramref name="apiKey"/> to <paramref name="tenant"/>: its endpoint accepts that key only.</summary>
    public void RegisterTenant(string tenant, string apiKey) => _keyHashes[tenant] = SHA256.HashData(Encoding.UTF8.GetBytes(apiKey));

    internal IResult Create(string tenant, string? apiKey, CrmContact contact) =>
        Authorize(tenant, apiKey) ?? Store(tenant, contact);

    internal IResult Count(string tenant, string? apiKey) =>
        Authorize(tenant, apiKey) ?? Results.Ok(new CrmContactCount(ContactsOf(tenant).Count));

    /// <summary>Null when <paramref name="apiKey"/> is the tenant's key; otherwise the answer to give.</summary>
    private IResult? Authorize(string tenant, string? apiKey)
    {
        if (!_keyHashes.TryGetValue(tenant, out var expected))
        {
            return Results.NotFound();
        }

        // Digests compared in constant time, so the answer time says nothing about the key.
        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(apiKey ?? string.Empty));
        return CryptographicOperations.FixedTimeEquals(expected, presented) ? null : Results.Unauthorized();
    }

    private IResult Store(string tenant, CrmContact contact)
    {
        _contacts.GetOrAdd(tenant, _ => new ConcurrentQueue<CrmContact>()).Enqueue(contact);
        var id = $"crm-{Interlocked.Increment(ref _next)}";
        return Results.Created($"/demo/crm/{tenant}/contacts/{id}", new CrmContactCreated(id));
    }
}
