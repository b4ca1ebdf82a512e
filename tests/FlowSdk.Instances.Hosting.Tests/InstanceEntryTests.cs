using System.Net;
using System.Text;
using FlowSdk.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace FlowSdk.Instances.Hosting.Tests;

/// <summary>
/// A flow with a webhook and a schedule that enters through an entry, deployed as instances on the SQLite store: both
/// triggers' messages are stored as the generated FlowInput and run with the instance's configuration.
/// </summary>
public sealed class InstanceEntryTests
{
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, 500, TimeSpan.Zero);

    [Fact]
    public async Task Each_instance_runs_from_its_signed_webhook_and_through_the_entry_on_its_schedule()
    {
        var time = new FakeTimeProvider(Start);
        await using var host = await InstanceHost.StartAsync(
            s =>
            {
                s.AddInstanceConfiguration("orders-sync", TestJson.Default.GreetingConfig);
                s.AddFlow<OrdersSyncFlow, OrdersSyncFlow.FlowInput, Order>(OrdersSyncFlow.Definition, OrdersSyncFlow.FlowInput.Entries);
            },
            time,
            management: true);
        await host.DeployAsync("acme", "orders-sync", webhookSecret: Secret);
        Assert.True(host.Services.GetRequiredService<FlowRuntime>().GetRunner("orders-sync") is FlowRunner<OrdersSyncFlow, OrdersSyncFlow.FlowInput, Order> { IsDurable: true });

        using var response = await host.Client.SendAsync(Signed("acme", """{"number":7}""", time.GetUtcNow()));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await host.Recorder.When("acme", 1);

        await host.Services.GetRequiredService<FlowScheduleRegistry>().WhenPlanned().WaitAsync(Recorder.Timeout);
        time.Advance(TimeSpan.FromHours(1));
        await host.Recorder.When("acme", 3);

        var seen = host.Recorder.Seen.Where(s => s.InstanceId == "acme").Select(s => (Order)s.Payload).ToList();
        Assert.Equal([new Order(7), new Order(100, "Hello at 01:00"), new Order(101, "Hello at 01:00")], seen);

        await host.Services.GetRequiredService<InstanceExecutionRecorder>().WhenWritten(2).WaitAsync(Recorder.Timeout);
        var history = await host.Services.GetRequiredService<IExecutionHistory>().QueryAsync(new ExecutionQuery { InstanceId = "acme" });
        Assert.Equal(["schedule", "webhook"], history.Select(r => r.Trigger).Order());
        Assert.All(history, r => Assert.Equal(ExecutionOutcome.Completed, r.Outcome));

        // The schedule's execution journals its entry, then the step each handed-over order ran.
        using var management = host.ManagementClient();
        var scheduled = history.Single(r => r.Trigger == "schedule").ExecutionId;
        var detail = System.Text.Json.JsonDocument.Parse(await management.GetStringAsync($"/manage/executions/{scheduled}")).RootElement;
        Assert.Equal(
            ["Recheck:Entry:1", "Record:Step:2"],
            detail.GetProperty("steps").EnumerateArray().Select(s => $"{s.GetProperty("name").GetString()}:{s.GetProperty("kind").GetString()}:{s.GetProperty("calls").GetInt32()}"));
    }

    [Fact]
    public async Task The_management_api_shows_each_triggers_payload_and_entry()
    {
        await using var host = await InstanceHost.StartAsync(
            s =>
            {
                s.AddInstanceConfiguration("orders-sync", TestJson.Default.GreetingConfig);
                s.AddFlow<OrdersSyncFlow, OrdersSyncFlow.FlowInput, Order>(OrdersSyncFlow.Definition, OrdersSyncFlow.FlowInput.Entries);
            },
            management: true);
        using var management = host.ManagementClient();
        var flow = System.Text.Json.JsonDocument.Parse(await management.GetStringAsync("/manage/flows/orders-sync")).RootElement;

        var triggers = flow.GetProperty("triggers").EnumerateArray()
            .Select(t => (t.GetProperty("kind").GetString(), t.GetProperty("payloadType").GetString(), t.TryGetProperty("entry", out var entry) ? entry.GetString() : null))
            .ToList();
        Assert.Equal([("webhook", typeof(Order).FullName, null), ("schedule", typeof(ScheduledTick).FullName, "Recheck")], triggers);
        Assert.Equal(["Record:Step", "Recheck:Entry"], flow.GetProperty("steps").EnumerateArray().Select(s => $"{s.GetProperty("name").GetString()}:{s.GetProperty("kind").GetString()}"));
    }

    private static HttpRequestMessage Signed(string instanceId, string body, DateTimeOffset at)
    {
        var messageId = "msg_" + Guid.NewGuid().ToString("N");
        var request = new HttpRequestMessage(HttpMethod.Post, $"/hooks/orders-sync/{instanceId}") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("webhook-id", messageId);
        request.Headers.Add("webhook-timestamp", at.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", new StandardWebhooks.StandardWebhook(Secret).Sign(messageId, at, body));
        return request;
    }
}
