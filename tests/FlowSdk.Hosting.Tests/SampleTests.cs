using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using CustomerSync;
using FlowSdk.Instances;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FlowSdk.Hosting.Tests;

public sealed class SampleTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "flowsdk-sample-tests-" + Guid.NewGuid().ToString("N"));

    private string Database => Path.Combine(_folder, "customer-sync.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task CustomerSync_listens_on_a_free_port_when_its_configured_port_is_taken()
    {
        using var taken = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var app = CustomerSyncApp.Build([$"--urls=http://127.0.0.1:{port}", $"--{CustomerSyncApp.DatabaseKey}={Database}"], b => b.Logging.ClearProviders());
        await app.StartAsync();
        try
        {
            var self = new Uri(CustomerSyncApp.SelfAddress(app.Services));
            Assert.Equal("127.0.0.1", self.Host);
            Assert.NotEqual(port, self.Port);
            using var http = new HttpClient { BaseAddress = self };
            using var answer = await http.GetAsync("/manage/instances");
            Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode); // the sample itself answers there
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    [Fact]
    public async Task CustomerSync_runs_three_customers_as_instances_each_with_its_own_target_secrets_and_schedule()
    {
        var app = CustomerSyncApp.Build(["--urls=http://127.0.0.1:0", $"--{CustomerSyncApp.DatabaseKey}={Database}"], b => b.Logging.ClearProviders());
        await app.StartAsync();
        var stopped = false;
        try
        {
            var printer = app.Services.GetRequiredService<ConsoleOutcomePrinter>();
            var checks = DemoCustomers.All.Select(c => printer.NextOf(c.CheckInstanceId)).ToArray();

            // Every second instead of the demo's 20 to 45 seconds, so each customer's check runs soon.
            var changes = await CustomerSyncDemo.DeployAsync(app, schedule: "* * * * * *").WaitAsync(Probe.Timeout);
            Assert.Equal(DemoCustomers.All.Select(c => c.InstanceId).Order(), changes.Keys.Order());
            Assert.All(changes.Values, c => Assert.Equal(DemoCustomers.Change.Deployed, c));

            var posts = await CustomerSyncDemo.PostSamplesAsync(app).WaitAsync(Probe.Timeout);
            Assert.Equal(6, posts.Count);
            Assert.All(posts, p => Assert.Equal(HttpStatusCode.Accepted, p.Status));
            var summaries = await Task.WhenAll(posts.Select(p => p.Execution!)).WaitAsync(Probe.Timeout);
            for (var i = 0; i < posts.Count; i++)
            {
                Assert.Equal(posts[i].Customer.InstanceId, summaries[i].InstanceId);
                Assert.Equal(posts[i].Sample.Active ? FlowOutcome.Completed : FlowOutcome.Filtered, summaries[i].Outcome);
            }

            // Each customer's CRM tenant got exactly that customer's active contacts: every instance used its own
            // address, and its own key (a tenant answers 401 to any key but the one issued to it).
            var crm = app.Services.GetRequiredService<DemoCrm>();
            foreach (var customer in DemoCustomers.All)
            {
                Assert.Equal(
                    customer.Samples.Where(s => s.Active).Select(s => s.Email.ToLowerInvariant()).Order(),
                    crm.ContactsOf(customer.InstanceId).Select(c => c.Email).Order());
            }

            // Each customer's check ran on its own schedule, for its own instance, against its own tenant.
            var checked_ = await Task.WhenAll(checks).WaitAsync(Probe.Timeout);
            Assert.Equal(DemoCustomers.All.Select(c => c.CheckInstanceId), checked_.Select(c => c.InstanceId));
            Assert.All(checked_, c => Assert.Equal(FlowOutcome.Completed, c.Outcome));

            await AssertSignaturesAreCheckedAsync(app);
            var signedByHelper = await AssertManagementApiAsync(app);

            // Stopping drains the history writer, so every execution above is recorded with its instance.
            await app.StopAsync();
            stopped = true;
            var history = app.Services.GetRequiredService<IExecutionHistory>();
            foreach (var customer in DemoCustomers.All)
            {
                var records = await history.QueryAsync(new ExecutionQuery { InstanceId = customer.InstanceId });
                var expected = posts.Where(p => p.Customer == customer).Select(p => (p.Execution!.Result.ExecutionId, p.Sample.Active)).ToList();
                if (customer.InstanceId == "acme")
                {
                    expected.Add((signedByHelper, true));
                }

                Assert.Equal(
                    expected.Select(e => (e.ExecutionId, e.Active ? ExecutionOutcome.Completed : ExecutionOutcome.Filtered)).Order(),
                    records.Select(r => (r.ExecutionId, r.Outcome)).Order());
                Assert.All(records, r => Assert.Equal("webhook", r.Trigger));
            }
        }
        finally
        {
            if (!stopped)
            {
                await app.StopAsync();
            }

            await app.DisposeAsync();
        }

        // A second start on the same database finds the customers deployed and keeps their secrets; this run listens
        // on another port, so their CRM address is updated.
        var again = CustomerSyncApp.Build(["--urls=http://127.0.0.1:0", $"--{CustomerSyncApp.DatabaseKey}={Database}"], b => b.Logging.ClearProviders());
        await again.StartAsync();
        try
        {
            var changes = await CustomerSyncDemo.DeployAsync(again).WaitAsync(Probe.Timeout);
            Assert.All(changes.Values, c => Assert.Equal(DemoCustomers.Change.Updated, c));
            var posts = await CustomerSyncDemo.PostSamplesAsync(again).WaitAsync(Probe.Timeout);
            var summaries = await Task.WhenAll(posts.Select(p => p.Execution!)).WaitAsync(Probe.Timeout);
            Assert.Equal(posts.Select(p => p.Sample.Active ? FlowOutcome.Completed : FlowOutcome.Filtered), summaries.Select(s => s.Outcome));
        }
        finally
        {
            await again.StopAsync();
            await again.DisposeAsync();
        }
    }

    private static async Task AssertSignaturesAreCheckedAsync(WebApplication app)
    {
        var self = CustomerSyncApp.SelfAddress(app.Services);
        var store = app.Services.GetRequiredService<IInstanceStore>();
        var acmeSecret = (await store.GetSecretsAsync("acme"))!.GetValue(CustomerSyncSettings.WebhookSigningSecret);
        var globexSecret = (await store.GetSecretsAsync("globex"))!.GetValue(CustomerSyncSettings.WebhookSigningSecret);
        var body = Encoding.UTF8.GetBytes("""{"email":"eve@example.com","name":"Eve","active":true}""");
        using var client = new HttpClient { Timeout = Probe.Timeout };

        // Another customer's secret, an old timestamp, no signature: 401. An unknown instance: 404. A bad body: 400.
        using (var request = SignedRequest.Create(self, "acme", globexSecret, body, DateTimeOffset.UtcNow))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(request)).StatusCode);
        }

        using (var request = SignedRequest.Create(self, "acme", acmeSecret, body, DateTimeOffset.UtcNow.AddMinutes(-10)))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(request)).StatusCode);
        }

        using (var unsigned = new ByteArrayContent(body))
        {
            unsigned.Headers.ContentType = new("application/json");
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsync(self + SignedRequest.WebhookPath("acme"), unsigned)).StatusCode);
        }

        using (var request = SignedRequest.Create(self, "nobody", acmeSecret, body, DateTimeOffset.UtcNow))
        {
            Assert.Equal(HttpStatusCode.NotFound, (await client.SendAsync(request)).StatusCode);
        }

        using (var request = SignedRequest.Create(self, "acme", acmeSecret, "{"u8.ToArray(), DateTimeOffset.UtcNow))
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await client.SendAsync(request)).StatusCode);
        }

        // Nothing refused reached a CRM.
        Assert.DoesNotContain(app.Services.GetRequiredService<DemoCrm>().Contacts, c => c.Email == "eve@example.com");
    }

    private static async Task<Guid> AssertManagementApiAsync(WebApplication app)
    {
        var self = CustomerSyncApp.SelfAddress(app.Services);
        var key = app.Services.GetRequiredService<ManagementDemoKey>().Key;
        Assert.NotNull(key);
        using var client = new HttpClient { BaseAddress = new Uri(self), Timeout = Probe.Timeout };
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/manage/instances")).StatusCode);
        Assert.Equal("Healthy", await client.GetStringAsync("/health/ready"));
        Assert.Equal("Healthy", await client.GetStringAsync("/health/live"));

        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        var instances = await client.GetStringAsync("/manage/instances");
        foreach (var customer in DemoCustomers.All)
        {
            Assert.Contains($"\"id\":\"{customer.InstanceId}\"", instances, StringComparison.Ordinal);
            Assert.Contains($"\"id\":\"{customer.CheckInstanceId}\"", instances, StringComparison.Ordinal);
        }

        // Secret values never leave through the API, names only.
        var secret = (await app.Services.GetRequiredService<IInstanceStore>().GetSecretsAsync("acme"))!.GetValue(CustomerSyncSettings.WebhookSigningSecret);
        Assert.DoesNotContain(secret, instances, StringComparison.Ordinal);

        // The demo helper prints a curl command signed as Standard Webhooks that the webhook accepts.
        using var helper = await client.PostAsync("/demo/signed-curl/acme", new StringContent("""{"email":"linus@acme.example","name":"Linus","active":true}"""));
        var curl = await helper.Content.ReadAsStringAsync();
        Assert.StartsWith($"curl -i -X POST {self}/hooks/customers/acme ", curl, StringComparison.Ordinal);
        var id = Regex.Match(curl, "-H 'webhook-id: (msg_[0-9a-f]{32})'").Groups[1].Value;
        var timestamp = Regex.Match(curl, "-H 'webhook-timestamp: ([0-9]+)'").Groups[1].Value;
        var signature = Regex.Match(curl, "-H 'webhook-signature: (v1,[A-Za-z0-9+/]{43}=)'").Groups[1].Value;
        var body = Regex.Match(curl, "-d '(.*)'$", RegexOptions.Multiline).Groups[1].Value;
        Assert.All(new[] { id, timestamp, signature, body }, v => Assert.NotEmpty(v));

        var executionId = await SendAsync();
        Assert.Equal(FlowOutcome.Completed, await app.Services.GetRequiredService<ConsoleOutcomePrinter>().OutcomeOf(executionId).WaitAsync(Probe.Timeout));

        // The same command again is a redelivery of the same webhook-id: answered like the first, not run again.
        Assert.Equal(executionId, await SendAsync());
        return executionId;

        async Task<Guid> SendAsync()
        {
            using var sent = new HttpRequestMessage(HttpMethod.Post, "/hooks/customers/acme") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            sent.Headers.Add("webhook-id", id);
            sent.Headers.Add("webhook-timestamp", timestamp);
            sent.Headers.Add("webhook-signature", signature);
            using var accepted = await client.SendAsync(sent);
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
            using var answer = System.Text.Json.JsonDocument.Parse(await accepted.Content.ReadAsStringAsync());
            return answer.RootElement.GetProperty("executionId").GetGuid();
        }
    }
}
