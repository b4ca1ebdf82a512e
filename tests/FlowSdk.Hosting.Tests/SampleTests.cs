using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CustomerSync;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FlowSdk.Hosting.Tests;

public sealed class SampleTests
{
    [Fact]
    public async Task CustomerSync_runs_the_seed_flow_end_to_end_over_http()
    {
        var app = CustomerSyncApp.Build(["--urls=http://127.0.0.1:0"], b => b.Logging.ClearProviders());
        await app.StartAsync();
        try
        {
            var printer = app.Services.GetRequiredService<ConsoleOutcomePrinter>();
            using var client = new HttpClient { BaseAddress = new Uri(CustomerSyncApp.SelfAddress(app.Services)), Timeout = Probe.Timeout };
            CustomerCreated[] customers =
            [
                new("Ada@Example.com", "Ada Lovelace", true),
                new("bob@example.com", "Bob Inactive", false),
                new("grace@example.com", "Grace Hopper", true),
            ];

            var outcomes = new List<Task<FlowOutcome>>();
            foreach (var customer in customers)
            {
                using var response = await client.PostAsJsonAsync("/hooks/customers", customer);
                Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
                var id = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("executionId").GetGuid();
                outcomes.Add(printer.OutcomeOf(id));
            }

            var results = await Task.WhenAll(outcomes).WaitAsync(Probe.Timeout);

            Assert.Equal([FlowOutcome.Completed, FlowOutcome.Filtered, FlowOutcome.Completed], results);
            var contacts = app.Services.GetRequiredService<DemoCrm>().Contacts;
            Assert.Equal(["ada@example.com", "grace@example.com"], contacts.Select(c => c.Email).Order());
            Assert.All(contacts, c => Assert.Equal(32, c.ExternalReference.Length));

            using var invalid = await client.PostAsync("/hooks/customers", new StringContent("{", System.Text.Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
