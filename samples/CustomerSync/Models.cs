namespace CustomerSync;

/// <summary>What System A posts to the webhook.</summary>
public sealed record CustomerCreated(string Email, string Name, bool Active);

/// <summary>The payload after step 1: the customer plus metadata about this execution.</summary>
public sealed record CustomerEvent(CustomerCreated Customer, Guid ExecutionId, DateTimeOffset ReceivedAt, string Source);

/// <summary>The target system's model of a contact (step 3).</summary>
public sealed record CrmContact(string Email, string DisplayName, string ExternalReference);

/// <summary>The target system's answer to a created contact.</summary>
public sealed record CrmContactCreated(string Id);

/// <summary>The target system's answer to "how many contacts do you hold".</summary>
public sealed record CrmContactCount(int Count);
