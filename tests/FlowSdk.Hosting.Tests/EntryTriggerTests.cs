using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace FlowSdk.Hosting.Tests;

/// <summary>One flow, three triggers with three payloads: each runs through its own way in, in a real host.</summary>
public sealed class EntryTriggerTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, 500, TimeSpan.Zero);

    [Fact]
    public async Task A_webhook_a_schedule_and_a_channel_each_run_the_flow_through_their_own_entry()
    {
        var time = new FakeTimeProvider(Start);
        var probe = new Probe();
        var logs = new LogCapture();
        await using var host = await WebTestHost.StartAsync(s => s
            .AddSingleton<TimeProvider>(time)
            .AddSingleton(probe)
            .AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(logs)
            .Configure<Microsoft.Extensions.Logging.LoggerFilterOptions>(o => o.MinLevel = Microsoft.Extensions.Logging.LogLevel.Debug)
            .AddTestFlow<EntryCustomerFlow, EntryCustomerFlow.FlowInput, Greeting>(EntryCustomerFlow.Definition, EntryCustomerFlow.FlowInput.Entries));

        // The webhook binds the body to the first step's payload.
        using var response = await host.Client.PostAsync(
            "/hooks/entry-customers",
            new StringContent("""{"email":"ada@example.com","name":"Ada","active":true}""", Encoding.UTF8, "application/json"));
        await HttpAssert.Status(response, HttpStatusCode.Accepted);
        await probe.WhenCount(1);

        // A malformed body is still refused by the payload's own type, with nothing enqueued.
        using var bad = await host.Client.PostAsync("/hooks/entry-customers", new StringContent("""{"email":""", Encoding.UTF8, "application/json"));
        await HttpAssert.Status(bad, HttpStatusCode.BadRequest);

        // The channel takes the entry's payload type, strongly typed.
        var publisher = host.Services.GetRequiredService<IFlowPublisher<EntryCustomerFlow, string>>();
        Assert.True(publisher.TryPublish("grace@example.com"));
        await probe.WhenCount(2);

        // The schedule's tick enters through its entry, which hands over two customers.
        await logs.WhenLogged("next fires at");
        time.Advance(TimeSpan.FromSeconds(1));
        await probe.WhenCount(4);

        Assert.Equal(
            ["Ada: ada@example.com", "Published: grace@example.com", "First: first-1@example.com", "Second: second-1@example.com"],
            probe.Seen.Cast<string>());
    }

    [Fact]
    public void A_message_stored_as_json_reads_back_through_the_same_entry()
    {
        var options = System.Text.Json.JsonSerializerOptions.Web;
        var json = FlowEntryJson.Create(EntryCustomerFlow.FlowInput.Entries, options);
        EntryCustomerFlow.FlowInput[] messages =
        [
            new(new Customer("ada@example.com", "Ada", true)),
            new("grace@example.com"),
            new(new ScheduledTick(Start, Start.AddSeconds(1))),
        ];
        foreach (var message in messages)
        {
            var written = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(message, json);
            Assert.Equal(written, FlowEntryJson.SerializeToUtf8Bytes(message, options)); // a dead letter's bytes replay the same way
            var read = System.Text.Json.JsonSerializer.Deserialize(written, json);
            Assert.Equal((message.Entry, ((IFlowEntryMessage)message).Payload), (read.Entry, ((IFlowEntryMessage)read).Payload));
        }

        Assert.Equal("""{"entry":"FromEmail","payload":"grace@example.com"}""", Encoding.UTF8.GetString(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(messages[1], json)));
        var unknown = Assert.Throws<System.Text.Json.JsonException>(() => System.Text.Json.JsonSerializer.Deserialize("""{"entry":"Gone","payload":1}""", json));
        Assert.Contains("no entry 'Gone'", unknown.Message, StringComparison.Ordinal);
    }
}
