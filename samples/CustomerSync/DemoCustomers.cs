using System.Security.Cryptography;
using System.Text.Json;
using FlowSdk.Instances;

namespace CustomerSync;

/// <summary>One demo customer: an instance of customer-sync with its own CRM tenant, credentials and schedule.</summary>
/// <param name="InstanceId">The instance id (it appears in the webhook URL).</param>
/// <param name="Name">The customer's name.</param>
/// <param name="Schedule">The customer's own schedule for the contact check (cron with seconds).</param>
/// <param name="Samples">What the demo posts to this customer's webhook on start.</param>
public sealed record DemoCustomer(string InstanceId, string Name, string Schedule, IReadOnlyList<CustomerCreated> Samples)
{
    /// <summary>The id of the customer's instance of the scheduled contact check.</summary>
    public string CheckInstanceId => InstanceId + "-check";
}

/// <summary>The three demo customers and their deployment.</summary>
public static class DemoCustomers
{
    /// <summary>The demo customers.</summary>
    public static IReadOnlyList<DemoCustomer> All { get; } =
    [
        new("acme", "Acme Corp", "*/20 * * * * *",
        [
            new("Ada@Acme.example", "Ada Lovelace", Active: true),
            new("bob@acme.example", "Bob Inactive", Active: false),
        ]),
        new("globex", "Globex", "*/30 * * * * *",
        [
            new("grace@globex.example", "Grace Hopper", Active: true),
            new("hank@globex.example", "Hank Scorpio", Active: true),
        ]),
        new("initech", "Initech", "*/45 * * * * *",
        [
            new("peter@initech.example", "Peter Gibbons", Active: false),
            new("joanna@initech.example", "Joanna", Active: true),
        ]),
    ];

    /// <summary>What happened to a demo customer's instances on start.</summary>
    public enum Change
    {
        /// <summary>Deployed now.</summary>
        Deployed,

        /// <summary>Already deployed; its CRM address was updated to this run's address.</summary>
        Updated,

        /// <summary>Already deployed as it should be.</summary>
        Unchanged,
    }

    /// <summary>
    /// Makes sure every demo customer's instances exist with this run's CRM address: deploys missing ones (with fresh
    /// random credentials), updates those whose address changed, and issues each customer's CRM key to the demo CRM
    /// (a real CRM would have issued it). Returns the store version that holds every change.
    /// </summary>
    public static async Task<(long Version, IReadOnlyDictionary<string, Change> Changes)> EnsureDeployedAsync(
        FlowInstanceManager manager, DemoCrm crm, string selfAddress, string? schedule = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(manager);
        ArgumentNullException.ThrowIfNull(crm);
        var store = manager.Store;
        var version = 0L;
        var changes = new Dictionary<string, Change>(StringComparer.Ordinal);
        foreach (var customer in All)
        {
            var settings = JsonSerializer.Serialize(
                new CustomerSyncSettings { CrmBaseUrl = $"{selfAddress}/demo/crm/{customer.InstanceId}/", ApiKeyHeader = DemoCrm.KeyHeader },
                SampleJson.Default.CustomerSyncSettings);

            // The customer's CRM key: the one its instance already holds, else a new one for both of its instances.
            InstanceSecrets? held;
            try
            {
                held = await store.GetSecretsAsync(customer.InstanceId, cancellationToken).ConfigureAwait(false);
            }
            catch (CryptographicException e)
            {
                throw new InvalidOperationException(
                    $"The secrets of instance '{customer.InstanceId}' were encrypted with another key than this run's ({CustomerSyncApp.SecretKeyKey} " +
                    "or the key file next to the database). Set the original key, or delete the database and its key file to start over.", e);
            }

            var crmKey = held is not null && held.TryGetValue(CustomerSyncSettings.CrmApiKeySecret, out var key)
                ? key
                : "demo-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            crm.RegisterTenant(customer.InstanceId, crmKey);

            var syncSecrets = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                [CustomerSyncSettings.CrmApiKeySecret] = crmKey,
                [CustomerSyncSettings.WebhookSigningSecret] = SignedRequest.NewSecret(), // a Standard Webhooks secret (whsec_...)
            };
            var checkSecrets = new Dictionary<string, string>(StringComparer.Ordinal) { [CustomerSyncSettings.CrmApiKeySecret] = crmKey };
            var sync = await EnsureAsync(manager, customer, customer.InstanceId, CustomerSyncFlow.Name, settings, syncSecrets, null, cancellationToken).ConfigureAwait(false);
            var check = await EnsureAsync(manager, customer, customer.CheckInstanceId, ContactCheckFlow.Name, settings, checkSecrets, schedule ?? customer.Schedule, cancellationToken).ConfigureAwait(false);
            version = Math.Max(version, Math.Max(sync.Instance.Version, check.Instance.Version));
            changes[customer.InstanceId] = (Change)Math.Min((int)sync.Change, (int)check.Change);
        }

        return (version, changes);
    }

    private static async Task<(FlowInstance Instance, Change Change)> EnsureAsync(
        FlowInstanceManager manager,
        DemoCustomer customer,
        string id,
        string flow,
        string settings,
        Dictionary<string, string> secrets,
        string? schedule,
        CancellationToken cancellationToken)
    {
        var existing = await manager.Store.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (existing is null)
        {
            var deployed = await manager.DeployAsync(
                new InstanceDeployment
                {
                    Id = id,
                    FlowName = flow,
                    Customer = customer.Name,
                    ConfigurationJson = settings,
                    Secrets = secrets,
                    Schedule = schedule,
                },
                cancellationToken).ConfigureAwait(false);
            return (deployed, Change.Deployed);
        }

        using var stored = JsonDocument.Parse(existing.ConfigurationJson);
        using var wanted = JsonDocument.Parse(settings);
        if (JsonElement.DeepEquals(stored.RootElement, wanted.RootElement) && existing.Schedule == schedule)
        {
            return (existing, Change.Unchanged);
        }

        // This run listens on another address than the one the instance was deployed with; its secrets are kept.
        var updated = await manager.UpdateAsync(
            id,
            new InstanceUpdate { Customer = customer.Name, ConfigurationJson = settings, Schedule = schedule },
            existing.Version,
            cancellationToken).ConfigureAwait(false);
        return (updated, Change.Updated);
    }
}
