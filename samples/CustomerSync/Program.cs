using System.Diagnostics;
using System.Net.Http.Json;
using CustomerSync;
using FlowSdk.Hosting;

// The seed's flow as a worker service: webhook -> inject metadata -> filter -> transform -> HTTP POST -> log.
var app = CustomerSyncApp.Build(args);

// Print every execution's outcome by listening to FlowSdk's spans.
using var outcomes = new ActivityListener
{
    ShouldListenTo = source => source.Name == FlowTelemetry.Name,
    Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
    ActivityStopped = activity => Console.WriteLine(
        $"execution {activity.GetTagItem("flow.execution_id")} of {activity.GetTagItem("flow.name")}: {activity.GetTagItem("flow.outcome")} in {activity.Duration.TotalMilliseconds:F1} ms"),
};
ActivitySource.AddActivityListener(outcomes);

await app.StartAsync();
var self = CustomerSyncApp.SelfAddress(app.Services);
var webhook = $"{self}/hooks/customers";
Console.WriteLine($"customer-sync listening on {webhook}");

CustomerCreated[] samples =
[
    new("Ada@Example.com", "Ada Lovelace", Active: true),
    new("bob@example.com", "Bob Inactive", Active: false),
    new("grace@example.com", "Grace Hopper", Active: true),
];

using (var client = new HttpClient())
{
    foreach (var customer in samples)
    {
        using var response = await client.PostAsJsonAsync(webhook, customer);
        Console.WriteLine($"POST {customer.Email,-20} -> {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}

Console.WriteLine();
Console.WriteLine("Send more with:");
Console.WriteLine($"  curl -i -X POST {webhook} -H 'Content-Type: application/json' -d '{{\"email\":\"linus@example.com\",\"name\":\"Linus\",\"active\":true}}'");
Console.WriteLine("Press Ctrl+C to stop (accepted executions are drained first).");

await app.WaitForShutdownAsync();
