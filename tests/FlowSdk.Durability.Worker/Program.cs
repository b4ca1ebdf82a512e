using FlowSdk.Durability;
using FlowSdk.Durability.Worker;
using FlowSdk.Hosting;
using FlowSdk.Management;

// A FlowSdk worker as a deployment runs it, for the durability tests to kill, pause and restart: a slow webhook job, a
// per-second schedule deployed as an instance, an instance job that can crash its own process, the management API.
// Everything it did lands in the journal file (Journal.cs). Settings come from the command line (WorkerKeys.cs).
var builder = WebApplication.CreateBuilder(args);
var settings = WorkerSettings.Read(builder.Configuration);
builder.Services.AddSingleton(settings);
builder.Services.AddSingleton<Journal>();

builder.Services.AddFlows();
builder.Services.Configure<FlowOptions>("jobs", o => o.MaxConcurrency = settings.JobConcurrency);
builder.Services.Configure<FlowDurabilityOptions>(o =>
{
    o.NodeId = settings.NodeId;
    o.Lease = settings.Lease;
    o.MaxDeliveries = settings.MaxDeliveries;
});

// Every node of a test shares one store, so they share the secret key too (a fixed demo key: nothing here is secret).
var instances = builder.Services.AddFlowInstances(secrets =>
{
    secrets.Keys["demo"] = Convert.ToBase64String(new byte[32]);
    secrets.ActiveKeyId = "demo";
});
if (settings.Store == "sqlite")
{
    instances.UseSqlite(o => o.Path = settings.SqlitePath!);
}
else
{
    instances.UsePostgres(o => o.ConnectionString = settings.Postgres!);
}

builder.Services.AddFlowInstancesHosting();
builder.Services.AddFlowManagement(o => o.ApiKeys.Add(new ManagementApiKey { Name = "tests", Key = WorkerKeys.AdminKey, Role = ManagementRole.Admin }));

var app = builder.Build();
app.MapFlowWebhooks();
app.MapFlowManagement();
app.MapPublish();
app.MapGet("/ready", () => Results.Text(settings.NodeId));
app.Run();
