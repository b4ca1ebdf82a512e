using System.Net.Http.Json;
using System.Text.Json;
using CustomerSync;

// The seed's flow as a worker service: webhook -> inject metadata -> filter -> transform -> HTTP POST -> log.
var app = CustomerSyncApp.Build(args);
await app.StartAsync();

var self = CustomerSyncApp.SelfAddress(app.Services);
var webhook = $"{self}/hooks/customers";
var printer = app.Services.GetRequiredService<ConsoleOutcomePrinter>();
Console.WriteLine($"customer-sync is listening on {webhook}; posting a few sample customers:");

CustomerCreated[] samples =
[
    new("Ada@Example.com", "Ada Lovelace", Active: true),
    new("bob@example.com", "Bob Inactive", Active: false),
    new("grace@example.com", "Grace Hopper", Active: true),
];

var pending = new List<Task>();
using (var client = new HttpClient())
{
    foreach (var customer in samples)
    {
        using var response = await client.PostAsJsonAsync(webhook, customer);
        var body = await response.Content.ReadAsStringAsync();
        Console.WriteLine($"  POST {customer.Email} -> {(int)response.StatusCode} {body}");
        if (response.StatusCode == System.Net.HttpStatusCode.Accepted)
        {
            var id = JsonDocument.Parse(body).RootElement.GetProperty("executionId").GetGuid();
            pending.Add(printer.OutcomeOf(id));
        }
    }
}

await Task.WhenAll(pending).WaitAsync(TimeSpan.FromSeconds(30));
Console.WriteLine();
Console.WriteLine("Still listening. Send more customers with:");
Console.WriteLine($"  curl -i -X POST {webhook} -H 'Content-Type: application/json' -d '{{\"email\":\"linus@example.com\",\"name\":\"Linus Torvalds\",\"active\":true}}'");
Console.WriteLine("Press Ctrl+C to stop; accepted executions are drained first.");

await app.WaitForShutdownAsync();
