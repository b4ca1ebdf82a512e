using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace FlowSdk.Hosting.Tests;

public sealed class WebhookTests
{
    private static Task<WebTestHost> StartTyped(Probe probe, IDictionary<string, string?>? configuration = null) =>
        WebTestHost.StartAsync(
            s => s.AddSingleton(probe).AddTestFlow<TypedHookFlow, Customer, Customer>(TypedHookFlow.Definition),
            configuration);

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Fact]
    public async Task Accepted_answers_202_with_the_execution_id_and_runs_the_flow()
    {
        var probe = new Probe();
        await using var host = await StartTyped(probe);

        using var response = await host.Client.PostAsync("/hooks/typed", Json("""{"email":"ada@example.com","name":"Ada","active":true}"""));

        var body = await HttpAssert.Status(response, HttpStatusCode.Accepted);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var executionId = JsonDocument.Parse(body).RootElement.GetProperty("executionId").GetGuid();
        await probe.WhenCount(1);
        var (customer, ranAs) = ((Customer, Guid))Assert.Single(probe.Seen);
        Assert.Equal(new Customer("ada@example.com", "Ada", true), customer);
        Assert.Equal(executionId, ranAs);
    }

    [Theory]
    [InlineData("""{"email":""")]
    [InlineData("""{"email":42,"name":"x","active":true}""")]
    [InlineData("""[1,2,3]""")]
    [InlineData("null")]
    [InlineData("")]
    public async Task Invalid_json_answers_400_problem_and_enqueues_nothing(string json)
    {
        var probe = new Probe();
        await using var host = await StartTyped(probe);

        using var response = await host.Client.PostAsync("/hooks/typed", Json(json));

        await HttpAssert.Status(response, HttpStatusCode.BadRequest);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var runner = host.Services.GetRequiredService<FlowRuntime>().GetRunner("hook-typed");
        Assert.Equal(0, runner.QueueDepth + runner.InFlight);
        Assert.Equal(0, probe.Count);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/xml")]
    [InlineData(null)]
    public async Task Non_json_content_type_on_a_typed_payload_answers_415(string? contentType)
    {
        var probe = new Probe();
        await using var host = await StartTyped(probe);
        using var content = new ByteArrayContent("""{"email":"a","name":"b","active":true}"""u8.ToArray());
        if (contentType is not null)
        {
            content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        }

        using var response = await host.Client.PostAsync("/hooks/typed", content);

        await HttpAssert.Status(response, HttpStatusCode.UnsupportedMediaType);
        Assert.Equal(0, probe.Count);
    }

    [Fact]
    public async Task Json_with_a_charset_or_a_plus_json_type_is_accepted()
    {
        var probe = new Probe();
        await using var host = await StartTyped(probe);
        using var vendor = new StringContent("""{"email":"a","name":"b","active":true}""", Encoding.UTF8, "application/vnd.customer+json");

        using var first = await host.Client.PostAsync("/hooks/typed", Json("""{"email":"a","name":"b","active":true}"""));
        using var second = await host.Client.PostAsync("/hooks/typed", vendor);

        await HttpAssert.Status(first, HttpStatusCode.Accepted);
        await HttpAssert.Status(second, HttpStatusCode.Accepted);
        await probe.WhenCount(2);
    }

    [Fact]
    public async Task Body_over_the_default_1_MiB_limit_answers_413()
    {
        var probe = new Probe();
        await using var host = await StartTyped(probe);
        var name = new string('x', 1024 * 1024);

        using var response = await host.Client.PostAsync("/hooks/typed", Json($$"""{"email":"a","name":"{{name}}","active":true}"""));
        using var justUnder = await host.Client.PostAsync("/hooks/typed", Json($$"""{"email":"a","name":"{{name[..(1024 * 1024 - 100)]}}","active":true}"""));

        await HttpAssert.Status(response, HttpStatusCode.RequestEntityTooLarge);
        await HttpAssert.Status(justUnder, HttpStatusCode.Accepted);
        await probe.WhenCount(1);
        Assert.Equal(1, probe.Count);
    }

    [Fact]
    public async Task Body_limit_is_configurable_and_enforced_on_chunked_bodies_too()
    {
        var probe = new Probe();
        await using var host = await StartTyped(probe, new Dictionary<string, string?> { ["Flows:hook-typed:Webhook:MaxBodySize"] = "100" });
        var body = $$"""{"email":"a","name":"{{new string('x', 200)}}","active":true}""";
        using var chunked = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(body)));
        chunked.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/hooks/typed") { Content = chunked };
        request.Headers.TransferEncodingChunked = true;

        using var declared = await host.Client.PostAsync("/hooks/typed", Json(body));
        using var streamed = await host.Client.SendAsync(request);
        using var small = await host.Client.PostAsync("/hooks/typed", Json("""{"email":"a","name":"b","active":true}"""));

        await HttpAssert.Status(declared, HttpStatusCode.RequestEntityTooLarge);
        await HttpAssert.Status(streamed, HttpStatusCode.RequestEntityTooLarge);
        await HttpAssert.Status(small, HttpStatusCode.Accepted);
    }

    [Fact]
    public async Task Raw_webhook_takes_any_content_type_and_carries_body_headers_and_query()
    {
        var probe = new Probe();
        await using var host = await WebTestHost.StartAsync(s => s.AddSingleton(probe).AddTestFlow<RawHookFlow, WebhookRequest, WebhookRequest>(RawHookFlow.Definition));
        using var content = new StringContent("a,b,c", Encoding.UTF8, "text/csv");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/hooks/raw?tenant=acme&x=1&x=2") { Content = content };
        request.Headers.Add("X-Signature", "sig");

        using var response = await host.Client.SendAsync(request);
        using var tooLarge = await host.Client.PostAsync("/hooks/raw", new StringContent(new string('y', 17)));

        await HttpAssert.Status(response, HttpStatusCode.Accepted);
        await HttpAssert.Status(tooLarge, HttpStatusCode.RequestEntityTooLarge);
        await probe.WhenCount(1);
        var raw = (WebhookRequest)Assert.Single(probe.Seen);
        Assert.Equal("a,b,c", raw.BodyAsString());
        Assert.StartsWith("text/csv", raw.ContentType, StringComparison.Ordinal);
        Assert.Equal("sig", raw.Headers["x-signature"]);
        Assert.Equal("acme", raw.Query["TENANT"]);
        Assert.Equal("1,2", raw.Query["x"]);
    }

    [Fact]
    public async Task Full_queue_answers_503_with_Retry_After_and_accepted_work_still_runs()
    {
        var probe = new Probe { Gated = true };
        await using var host = await WebTestHost.StartAsync(s => s.AddSingleton(probe).AddTestFlow<GatedHookFlow, Customer, Customer>(GatedHookFlow.Definition));

        using var first = await host.Client.PostAsync("/hooks/gated", Json("""{"email":"1","name":"a","active":true}"""));
        await probe.WhenCount(1); // the consumer holds the first message
        using var second = await host.Client.PostAsync("/hooks/gated", Json("""{"email":"2","name":"b","active":true}"""));
        using var third = await host.Client.PostAsync("/hooks/gated", Json("""{"email":"3","name":"c","active":true}"""));

        await HttpAssert.Status(first, HttpStatusCode.Accepted);
        await HttpAssert.Status(second, HttpStatusCode.Accepted);
        await HttpAssert.Status(third, HttpStatusCode.ServiceUnavailable);
        Assert.Equal(TimeSpan.FromSeconds(1), third.Headers.RetryAfter?.Delta);
        Assert.Equal("application/problem+json", third.Content.Headers.ContentType?.MediaType);

        probe.Release();
        await probe.WhenCount(2);
        Assert.Equal(["1", "2"], probe.Seen.Cast<Customer>().Select(c => c.Email).Order());
    }

    [Fact]
    public async Task Synchronous_mode_answers_200_with_the_output_204_when_filtered_and_500_without_details_when_failed()
    {
        await using var host = await WebTestHost.StartAsync(s => s.AddTestFlow<SyncHookFlow, Customer, Greeting>(SyncHookFlow.Definition));

        using var completed = await host.Client.PostAsync("/hooks/sync", Json("""{"email":"a","name":"Ada","active":true}"""));
        using var filtered = await host.Client.PostAsync("/hooks/sync", Json("""{"email":"b","name":"Bob","active":false}"""));
        using var failed = await host.Client.PostAsync("/hooks/sync", Json("""{"email":"c","name":"boom","active":true}"""));

        var body = await HttpAssert.Status(completed, HttpStatusCode.OK);
        Assert.Equal("Hello, Ada", JsonDocument.Parse(body).RootElement.GetProperty("message").GetString());
        Assert.True(Guid.TryParse(completed.Headers.GetValues("X-Flow-Execution-Id").Single(), out _));
        await HttpAssert.Status(filtered, HttpStatusCode.NoContent);
        var problem = await HttpAssert.Status(failed, HttpStatusCode.InternalServerError);
        Assert.Contains("Greet", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("secret internals", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_on_a_webhook_route_is_not_allowed()
    {
        var probe = new Probe();
        await using var host = await StartTyped(probe);

        using var response = await host.Client.GetAsync("/hooks/typed");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    [Fact]
    public async Task Many_concurrent_posts_are_each_answered_and_each_run_once()
    {
        var probe = new Probe();
        await using var host = await StartTyped(probe);

        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(i =>
            host.Client.PostAsJsonAsync("/hooks/typed", new Customer($"{i}@example.com", $"n{i}", true))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Accepted, r.StatusCode));
        await probe.WhenCount(50);
        Assert.Equal(50, probe.Seen.Cast<(Customer, Guid)>().Select(s => s.Item2).Distinct().Count());
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }
}
