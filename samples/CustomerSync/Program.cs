using CustomerSync;

// The seed's flow deployed to three customers: one compiled pipeline, three instances, each with its own CRM address,
// CRM key, webhook secret and schedule, on the embedded SQLite instance store.
var app = CustomerSyncApp.Build(args);
await app.StartAsync();

var self = CustomerSyncApp.SelfAddress(app.Services);
var printer = app.Services.GetRequiredService<ConsoleOutcomePrinter>();
printer.PrintSyncExecutions = false;

Console.WriteLine($"Listening on {self}");
var changes = await CustomerSyncDemo.DeployAsync(app);
Console.WriteLine($"customer-sync: {DemoCustomers.All.Count} customers on {CustomerSyncApp.DatabasePath(app.Configuration)}");
foreach (var customer in DemoCustomers.All)
{
    Console.WriteLine($"  {customer.Name,-10} instance {customer.InstanceId,-8} {changes[customer.InstanceId].ToString().ToLowerInvariant(),-9} " +
        $"webhook {self}{SignedRequest.WebhookPath(customer.InstanceId)}, CRM {self}/demo/crm/{customer.InstanceId}/, check on '{customer.Schedule}'");
}

Console.WriteLine();
Console.WriteLine("Posting signed sample customers to each customer's webhook...");
var posts = await CustomerSyncDemo.PostSamplesAsync(app);
await Task.WhenAll(posts.Where(p => p.Execution is not null).Select(p => p.Execution!)).WaitAsync(TimeSpan.FromSeconds(30));
var crm = app.Services.GetRequiredService<DemoCrm>();
foreach (var group in posts.GroupBy(p => p.Customer))
{
    Console.WriteLine($"  {group.Key.Name} ({group.Key.InstanceId}):");
    foreach (var post in group)
    {
        var outcome = post.Execution is { } execution
            ? $"{execution.Result.Detail,-40} execution {execution.Result.ExecutionId:N}"
            : $"refused {(int)post.Status} {post.Status}";
        Console.WriteLine($"    {post.Sample.Email,-24} {outcome}");
    }

    Console.WriteLine($"    -> its CRM now holds {crm.ContactsOf(group.Key.InstanceId).Count} contact(s)");
}

printer.PrintSyncExecutions = true;
var key = app.Services.GetRequiredService<ManagementDemoKey>().Key;
var keyHeader = key is null ? "-H 'X-Api-Key: <a configured key>'" : $"-H 'X-Api-Key: {key}'";
Console.WriteLine();
Console.WriteLine($"Management API on {self}/manage{(key is null ? " (keys from FlowSdk:Management:ApiKeys)" : $", demo admin key for this run: {key}")}");
Console.WriteLine($"  curl -s {self}/manage/instances {keyHeader}");
Console.WriteLine($"  curl -s '{self}/manage/executions?instance=acme' {keyHeader}");
Console.WriteLine($"Dashboard on {self}/manage/ui/: sign in with {(key is null ? "a configured management key" : $"the demo admin key {key}")}");
Console.WriteLine();
Console.WriteLine("Still listening; each customer's contact check runs on its own schedule. Send a signed customer:");
Console.WriteLine("  it is signed as Standard Webhooks: webhook-id a new id per message, webhook-timestamp the Unix time in seconds");
Console.WriteLine("  (accepted for 5 minutes), webhook-signature v1,<base64 HMAC-SHA256 of \"{webhook-id}.{webhook-timestamp}.{body}\" keyed");
Console.WriteLine("  with the base64-decoded bytes after whsec_ of the instance's 'webhook-secret'>. This prints a ready command");
Console.WriteLine("  (run it twice and the second is a redelivery: 202 with the same executionId, not run again):");
Console.WriteLine($"  curl -s -X POST {self}/demo/signed-curl/acme {keyHeader} -d '{{\"email\":\"linus@acme.example\",\"name\":\"Linus Torvalds\",\"active\":true}}'");
Console.WriteLine("Press Ctrl+C to stop; accepted executions are drained first.");

await app.WaitForShutdownAsync();
