using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using FlowSdk.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace FlowSdk.Instances.Hosting.Tests;

public sealed class InstanceWebhookTests
{
    // Standard Webhooks secrets: whsec_ and 32 random bytes in base64.
    private static readonly string AcmeSecret = NewSecret();
    private static readonly string GlobexSecret = NewSecret();
    private static readonly string OffSecret = NewSecret();
    private static readonly string TickerSecret = NewSecret();

    private static string NewSecret() => "whsec_" + Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    private static async Task<InstanceHost> StartAsync(Action<IServiceCollection>? configure = null)
    {
        var host = await InstanceHost.StartAsync(configure);
        await host.DeployAsync("acme", "greeting", "Hello from Acme", AcmeSecret);
        await host.DeployAsync("globex", "greeting", "Hi from Globex", GlobexSecret);
        await host.DeployAsync("off", "greeting", webhookSecret: OffSecret, enabled: false);
        await host.DeployAsync("ticker", "ticking", webhookSecret: TickerSecret);
        return host;
    }

    /// <summary>A request signed by the StandardWebhooks library, as a Standard Webhooks sender signs it.</summary>
    internal static HttpRequestMessage Signed(string instanceId, string body, string secret, DateTimeOffset? at = null, string contentType = "application/json", string? messageId = null)
    {
        var sentAt = at ?? DateTimeOffset.UtcNow;
        messageId ??= "msg_" + Guid.NewGuid().ToString("N");
        var request = new HttpRequestMessage(HttpMethod.Post, $"/hooks/greeting/{instanceId}")
        {
            Content = new StringContent(body, Encoding.UTF8, contentType),
        };
        request.Headers.Add("webhook-id", messageId);
        request.Headers.Add("webhook-timestamp", sentAt.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", new StandardWebhooks.StandardWebhook(secret).Sign(messageId, sentAt, body));
        return request;
    }

    private static async Task<JsonElement> Problem(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        return JsonDocument.Parse(text).RootElement;
    }

    [Fact]
    public async Task Each_instance_has_its_own_signed_webhook_address_and_runs_with_its_own_configuration()
    {
        await using var host = await StartAsync();

        var acme = await host.Client.SendAsync(Signed("acme", """{"number":1}""", AcmeSecret));
        var globex = await host.Client.SendAsync(Signed("globex", """{"number":2}""", GlobexSecret));

        Assert.Equal(HttpStatusCode.Accepted, acme.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, globex.StatusCode);
        var acmeId = JsonDocument.Parse(await acme.Content.ReadAsStringAsync()).RootElement.GetProperty("executionId").GetGuid();
        var globexId = JsonDocument.Parse(await globex.Content.ReadAsStringAsync()).RootElement.GetProperty("executionId").GetGuid();
        await host.Recorder.When(null, 2);
        var seen = host.Recorder.Seen.ToDictionary(s => s.ExecutionId);
        Assert.Equal(("acme", "Hello from Acme"), (seen[acmeId].InstanceId, ((GreetingConfig)seen[acmeId].Configuration!).Greeting));
        Assert.Equal(("globex", "Hi from Globex"), (seen[globexId].InstanceId, ((GreetingConfig)seen[globexId].Configuration!).Greeting));
    }

    [Fact]
    public async Task A_missing_wrong_or_foreign_signature_or_a_stale_timestamp_is_refused_with_401_and_nothing_runs()
    {
        await using var host = await StartAsync();
        const string body = """{"number":1}""";

        var unsigned = new HttpRequestMessage(HttpMethod.Post, "/hooks/greeting/acme") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        var noTimestamp = Signed("acme", body, AcmeSecret);
        noTimestamp.Headers.Remove("webhook-timestamp");
        var noId = Signed("acme", body, AcmeSecret);
        noId.Headers.Remove("webhook-id");
        var otherInstancesKey = Signed("acme", body, GlobexSecret);
        var tampered = Signed("acme", body, AcmeSecret);
        tampered.Content = new StringContent("""{"number":2}""", Encoding.UTF8, "application/json");
        var garbage = Signed("acme", body, AcmeSecret);
        garbage.Headers.Remove("webhook-signature");
        garbage.Headers.Add("webhook-signature", "v1,not-base64!");
        var stale = Signed("acme", body, AcmeSecret, DateTimeOffset.UtcNow.AddMinutes(-6));
        var future = Signed("acme", body, AcmeSecret, DateTimeOffset.UtcNow.AddMinutes(6));

        foreach (var request in new[] { unsigned, noTimestamp, noId, otherInstancesKey, tampered, garbage, stale, future })
        {
            var response = await host.Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("FlowSignature", response.Headers.WwwAuthenticate.Single().Scheme);
            Assert.Equal(401, (await Problem(response)).GetProperty("status").GetInt32());
        }

        // Within the window either way is fine.
        var slightlyOld = await host.Client.SendAsync(Signed("acme", body, AcmeSecret, DateTimeOffset.UtcNow.AddMinutes(-4)));
        Assert.Equal(HttpStatusCode.Accepted, slightlyOld.StatusCode);
        await host.Recorder.When(null, 1);
        Assert.Equal(1, host.Recorder.Total);
    }

    [Fact]
    public async Task Unknown_disabled_and_foreign_instances_get_the_same_404_whatever_the_signature()
    {
        await using var host = await StartAsync();
        const string body = """{"number":1}""";

        var details = new List<string>();
        foreach (var (id, secret) in new[] { ("nobody", AcmeSecret), ("off", OffSecret), ("ticker", TickerSecret), ("acme-", AcmeSecret) })
        {
            var response = await host.Client.SendAsync(Signed(id, body, secret));
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            var problem = await Problem(response);
            details.Add(problem.GetProperty("title").GetString() + "|" + problem.GetProperty("detail").GetString());
        }

        Assert.Single(details.Distinct());
        Assert.DoesNotContain("disabled", details[0], StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, host.Recorder.Total);
    }

    [Fact]
    public async Task A_durable_instance_with_as_many_messages_waiting_as_it_may_gets_503_and_other_instances_are_not_affected()
    {
        await using var host = await StartAsync(s => s.Configure<FlowOptions>("greeting", o =>
        {
            o.MaxConcurrency = 1;
            o.Instances.CapacityPerInstance = 1;
        }));
        var history = host.Services.GetRequiredService<IExecutionHistory>();

        // One running, one claimed by this node behind it (it claims twice its concurrency), one waiting in the store.
        host.Recorder.Gate();
        Assert.Equal(HttpStatusCode.Accepted, (await host.Client.SendAsync(Signed("acme", """{"number":1}""", AcmeSecret))).StatusCode);
        await host.Recorder.Entered.When("acme", 1);
        var second = await host.Client.SendAsync(Signed("acme", """{"number":2}""", AcmeSecret));
        var secondId = JsonDocument.Parse(await second.Content.ReadAsStringAsync()).RootElement.GetProperty("executionId").GetGuid();
        await Poll.UntilAsync(() => history.GetExecutionAsync(secondId), r => r?.Outcome == ExecutionOutcome.Running);
        Assert.Equal(HttpStatusCode.Accepted, (await host.Client.SendAsync(Signed("acme", """{"number":3}""", AcmeSecret))).StatusCode);

        var full = await host.Client.SendAsync(Signed("acme", """{"number":4}""", AcmeSecret));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, full.StatusCode);
        Assert.NotNull(full.Headers.RetryAfter);
        Assert.Contains("instance", (await Problem(full)).GetProperty("detail").GetString(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Accepted, (await host.Client.SendAsync(Signed("globex", """{"number":5}""", GlobexSecret))).StatusCode);
        host.Recorder.Release();
        await host.Recorder.When(null, 4).WaitAsync(Recorder.Timeout);
        Assert.Equal([1, 2, 3, 5], host.Recorder.Seen.Select(s => ((Order)s.Payload).Number).Order());
    }

    [Fact]
    public async Task In_memory_signed_requests_still_get_the_contract_answers_400_413_415_and_503()
    {
        await using var host = await StartAsync(s => s.Configure<FlowOptions>("greeting", o =>
        {
            o.Durable = false;
            o.MaxConcurrency = 1;
            o.Webhook.MaxBodySize = 64;
            o.Instances.CapacityPerInstance = 1;
        }));

        var invalid = await host.Client.SendAsync(Signed("acme", """{"number":"one"}""", AcmeSecret));
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Contains("number", (await Problem(invalid)).GetProperty("detail").GetString(), StringComparison.Ordinal);

        var large = await host.Client.SendAsync(Signed("acme", "{\"number\":1,\"note\":\"" + new string('x', 100) + "\"}", AcmeSecret));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, large.StatusCode);

        var text = await host.Client.SendAsync(Signed("acme", "number=1", AcmeSecret, contentType: "text/plain"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, text.StatusCode);

        host.Recorder.Gate();
        Assert.Equal(HttpStatusCode.Accepted, (await host.Client.SendAsync(Signed("acme", """{"number":1}""", AcmeSecret))).StatusCode);
        await host.Recorder.Entered.When("acme", 1);
        Assert.Equal(HttpStatusCode.Accepted, (await host.Client.SendAsync(Signed("acme", """{"number":2}""", AcmeSecret))).StatusCode);
        var full = await host.Client.SendAsync(Signed("acme", """{"number":3}""", AcmeSecret));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, full.StatusCode);
        Assert.NotNull(full.Headers.RetryAfter);

        // Acme's lane is full; Globex still gets in.
        Assert.Equal(HttpStatusCode.Accepted, (await host.Client.SendAsync(Signed("globex", """{"number":4}""", GlobexSecret))).StatusCode);
        host.Recorder.Release();
        await host.Recorder.When(null, 3);
        Assert.Equal([1, 2, 4], host.Recorder.Seen.Select(s => ((Order)s.Payload).Number).Order());
    }

    [Fact]
    public async Task In_synchronous_mode_a_signed_request_waits_and_answers_with_its_instances_output()
    {
        await using var host = await StartAsync(s => s.Configure<FlowOptions>("greeting", o => o.Webhook.Synchronous = true));

        var response = await host.Client.SendAsync(Signed("acme", """{"number":5}""", AcmeSecret));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var executionId = Guid.Parse(response.Headers.GetValues("X-Flow-Execution-Id").Single());
        Assert.Equal(5, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("number").GetInt32());
        var seen = host.Recorder.Seen.Single(s => s.ExecutionId == executionId);
        Assert.Equal(("acme", "Hello from Acme"), (seen.InstanceId, ((GreetingConfig)seen.Configuration!).Greeting));
    }
}
