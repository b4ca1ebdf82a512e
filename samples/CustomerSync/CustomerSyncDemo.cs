using System.Net;
using System.Text.Json;
using FlowSdk.Instances;

namespace CustomerSync;

/// <summary>One sample customer posted to a demo customer's webhook, and what became of it.</summary>
/// <param name="Customer">The demo customer whose webhook was called.</param>
/// <param name="Sample">What was posted.</param>
/// <param name="Status">The webhook's answer.</param>
/// <param name="Execution">The execution's summary once it finished, or null when the webhook did not accept it.</param>
public sealed record DemoPost(DemoCustomer Customer, CustomerCreated Sample, HttpStatusCode Status, Task<FlowExecutionSummary>? Execution);

/// <summary>What the sample does on start: deploy the demo customers and send each a few signed customers.</summary>
public static class CustomerSyncDemo
{
    /// <summary>
    /// Deploys the demo customers' instances where missing (see <see cref="DemoCustomers.EnsureDeployedAsync"/>) and
    /// waits until this node's instance catalog holds them, so webhooks and schedules find them.
    /// </summary>
    /// <param name="app">The started application.</param>
    /// <param name="schedule">Replaces every demo customer's check schedule (tests); null keeps theirs.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    public static async Task<IReadOnlyDictionary<string, DemoCustomers.Change>> DeployAsync(WebApplication app, string? schedule = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        var services = app.Services;
        var (version, changes) = await DemoCustomers.EnsureDeployedAsync(
            services.GetRequiredService<FlowInstanceManager>(),
            services.GetRequiredService<DemoCrm>(),
            CustomerSyncApp.SelfAddress(services),
            schedule,
            cancellationToken).ConfigureAwait(false);
        await services.GetRequiredService<InstanceCatalog>().WaitForVersionAsync(version, cancellationToken).ConfigureAwait(false);
        return changes;
    }

    /// <summary>Posts every demo customer's samples to its own webhook, signed with its own secret.</summary>
    public static async Task<IReadOnlyList<DemoPost>> PostSamplesAsync(WebApplication app, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        var services = app.Services;
        var store = services.GetRequiredService<IInstanceStore>();
        var printer = services.GetRequiredService<ConsoleOutcomePrinter>();
        var self = CustomerSyncApp.SelfAddress(services);
        var posts = new List<DemoPost>();
        using var client = new HttpClient();
        foreach (var customer in DemoCustomers.All)
        {
            // The sender (System A) holds the same secret; here it is read back from the store.
            var secrets = await store.GetSecretsAsync(customer.InstanceId, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"Instance '{customer.InstanceId}' is not deployed.");
            var secret = secrets.GetValue(CustomerSyncSettings.WebhookSigningSecret);
            foreach (var sample in customer.Samples)
            {
                var body = JsonSerializer.SerializeToUtf8Bytes(sample, SampleJson.Default.CustomerCreated);
                using var request = SignedRequest.Create(self, customer.InstanceId, secret, body, DateTimeOffset.UtcNow);
                using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
                Task<FlowExecutionSummary>? execution = null;
                if (response.StatusCode == HttpStatusCode.Accepted)
                {
                    using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
                    execution = printer.SummaryOf(answer.RootElement.GetProperty("executionId").GetGuid());
                }

                posts.Add(new DemoPost(customer, sample, response.StatusCode, execution));
            }
        }

        return posts;
    }
}
