using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FlowSdk.Instances;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace FlowSdk.Instances.Tests;

/// <summary>The management API over real HTTP against real Kestrel.</summary>
public sealed class ManagementApiTests(ManagementServer server) : IClassFixture<ManagementServer>
{
    private const string Secret = "sk_live_8d7f6e5a4b3c2d1e";

    private static object ValidDeployment(string id) => new
    {
        id,
        flow = "customer-sync",
        customer = "Customer " + id,
        configuration = new
        {
            targetUrl = "https://crm.example/api",
            batchSize = 25,
            auth = new { headerName = "Authorization", scheme = "Bearer" },
            mappings = new[] { new { from = "email", to = "Email" } },
        },
        secrets = new Dictionary<string, string> { ["token"] = Secret, ["hmac"] = Secret + "-hmac" },
        schedule = "*/10 * * * *",
    };

    private static string NewId() => "c-" + Guid.NewGuid().ToString("N")[..12];

    private async Task<HttpResponseMessage> DeployAsync(string id)
    {
        var response = await server.Client(ManagementServer.AdminKey).PostAsJsonAsync("/manage/instances", ValidDeployment(id));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return response;
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", body, StringComparison.Ordinal);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        return problem;
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-key")]
    [InlineData(ManagementServer.AdminKey + "x")]
    public async Task A_request_without_a_valid_key_is_401(string? key)
    {
        var response = await server.Client(key).GetAsync("/manage/instances");

        await ProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains("X-Api-Key", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        var post = await server.Client(key).PostAsJsonAsync("/manage/instances", ValidDeployment(NewId()));
        await ProblemAsync(post, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_reader_key_reads_but_every_change_is_403()
    {
        var id = NewId();
        await DeployAsync(id);
        var reader = server.Client(ManagementServer.ReaderKey);

        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/manage/instances")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync($"/manage/instances/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/manage/executions")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/manage/dead-letters")).StatusCode);

        await ProblemAsync(await reader.PostAsJsonAsync("/manage/instances", ValidDeployment(NewId())), HttpStatusCode.Forbidden);
        await ProblemAsync(await reader.PutAsJsonAsync($"/manage/instances/{id}", new { customer = "x" }), HttpStatusCode.Forbidden);
        await ProblemAsync(await reader.PostAsync($"/manage/instances/{id}/disable", null), HttpStatusCode.Forbidden);
        await ProblemAsync(await reader.DeleteAsync($"/manage/instances/{id}"), HttpStatusCode.Forbidden);
        await ProblemAsync(await reader.PostAsync($"/manage/dead-letters/{Guid.NewGuid()}/replay", null), HttpStatusCode.Forbidden);
        Assert.True((await server.Client(ManagementServer.AdminKey).GetFromJsonAsync<JsonElement>($"/manage/instances/{id}")).GetProperty("enabled").GetBoolean());
    }

    [Fact]
    public async Task Deploy_answers_201_with_secret_names_and_no_answer_or_log_ever_holds_a_secret_value()
    {
        var id = NewId();
        var deployed = await DeployAsync(id);
        var admin = server.Client(ManagementServer.AdminKey);

        var bodies = new List<string>
        {
            await deployed.Content.ReadAsStringAsync(),
            await admin.GetStringAsync($"/manage/instances/{id}"),
            await admin.GetStringAsync("/manage/instances?flow=customer-sync&limit=1000"),
        };
        var update = await admin.PutAsJsonAsync($"/manage/instances/{id}", new
        {
            customer = "Renamed",
            configuration = new { targetUrl = "https://crm.example/v2", auth = new { headerName = "Authorization", scheme = "Bearer" } },
            secrets = new Dictionary<string, string?> { ["token"] = Secret + "-rotated", ["hmac"] = null },
        });
        Assert.Equal(HttpStatusCode.OK, update.StatusCode);
        bodies.Add(await update.Content.ReadAsStringAsync());

        var instance = JsonDocument.Parse(bodies[0]).RootElement;
        Assert.Equal(["hmac", "token"], instance.GetProperty("secretNames").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(25, instance.GetProperty("configuration").GetProperty("batchSize").GetInt32());
        Assert.Equal($"\"{instance.GetProperty("version").GetInt64()}\"", deployed.Headers.ETag?.Tag);
        Assert.Equal(["token"], JsonDocument.Parse(bodies[^1]).RootElement.GetProperty("secretNames").EnumerateArray().Select(e => e.GetString()));
        foreach (var body in bodies)
        {
            Assert.DoesNotContain(Secret, body, StringComparison.Ordinal);
        }

        Assert.Contains(server.Logs.Lines, line => line.Contains(id, StringComparison.Ordinal));
        Assert.DoesNotContain(server.Logs.Lines, line => line.Contains(Secret, StringComparison.Ordinal));
        var secrets = await server.Services.GetRequiredService<IInstanceStore>().GetSecretsAsync(id);
        Assert.Equal(Secret + "-rotated", secrets!.GetValue("token"));
    }

    [Fact]
    public async Task An_invalid_deployment_is_400_listing_every_failing_field_and_nothing_is_stored()
    {
        var id = NewId();
        var response = await server.Client(ManagementServer.AdminKey).PostAsJsonAsync("/manage/instances", new
        {
            id,
            flow = "customer-sync",
            configuration = new { targetUrl = "nope", batchSize = 1000, auth = new { headerName = "" }, mappings = new[] { new { from = "" } } },
            secrets = new Dictionary<string, string> { ["token"] = "" },
            schedule = "whenever",
        });

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        var fields = problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal);
        Assert.Equal(
            new[]
            {
                "configuration.auth.headerName", "configuration.auth.scheme", "configuration.batchSize",
                "configuration.mappings[0].from", "configuration.mappings[0].to", "configuration.targetUrl",
                "schedule", "secrets.token",
            },
            fields);
        Assert.Equal(HttpStatusCode.NotFound, (await server.Client(ManagementServer.AdminKey).GetAsync($"/manage/instances/{id}")).StatusCode);
    }

    [Fact]
    public async Task Malformed_bodies_are_400_or_415_as_problem_json()
    {
        var admin = server.Client(ManagementServer.AdminKey);

        var broken = await admin.PostAsync("/manage/instances", new StringContent("{\"id\": ", Encoding.UTF8, "application/json"));
        await ProblemAsync(broken, HttpStatusCode.BadRequest);
        var wrongType = await admin.PostAsync("/manage/instances", new StringContent("{\"id\": 42}", Encoding.UTF8, "application/json"));
        var problem = await ProblemAsync(wrongType, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("id", out _));
        var text = await admin.PostAsync("/manage/instances", new StringContent("id=1", Encoding.UTF8, "text/plain"));
        await ProblemAsync(text, HttpStatusCode.UnsupportedMediaType);
        var duplicate = NewId();
        await DeployAsync(duplicate);
        await ProblemAsync(await admin.PostAsJsonAsync("/manage/instances", ValidDeployment(duplicate)), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Updates_honour_if_match_and_the_lifecycle_ends_in_404()
    {
        var id = NewId();
        var deployed = await DeployAsync(id);
        var etag = deployed.Headers.ETag!.Tag;
        var admin = server.Client(ManagementServer.AdminKey);

        var disabled = await admin.PostAsync($"/manage/instances/{id}/disable", null);
        Assert.Equal(HttpStatusCode.OK, disabled.StatusCode);
        Assert.False((await disabled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("enabled").GetBoolean());

        var stale = new HttpRequestMessage(HttpMethod.Put, $"/manage/instances/{id}") { Content = JsonContent.Create(new { customer = "x", configuration = new { targetUrl = "https://a.example/", auth = new { headerName = "A", scheme = "Bearer" } } }) };
        stale.Headers.IfMatch.Add(new EntityTagHeaderValue(etag));
        await ProblemAsync(await admin.SendAsync(stale), HttpStatusCode.PreconditionFailed);

        var current = new HttpRequestMessage(HttpMethod.Put, $"/manage/instances/{id}") { Content = JsonContent.Create(new { customer = "x", configuration = new { targetUrl = "https://a.example/", auth = new { headerName = "A", scheme = "Bearer" } } }) };
        current.Headers.IfMatch.Add(disabled.Headers.ETag!);
        var updated = await admin.SendAsync(current);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.NotEqual(disabled.Headers.ETag!.Tag, updated.Headers.ETag!.Tag);

        Assert.True((await (await admin.PostAsync($"/manage/instances/{id}/enable", null)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("enabled").GetBoolean());
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/manage/instances/{id}")).StatusCode);
        await ProblemAsync(await admin.GetAsync($"/manage/instances/{id}"), HttpStatusCode.NotFound);
        await ProblemAsync(await admin.DeleteAsync($"/manage/instances/{id}"), HttpStatusCode.NotFound);
        await ProblemAsync(await admin.PostAsync($"/manage/instances/{id}/enable", null), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Executions_are_filtered_and_a_secret_in_an_error_is_masked()
    {
        var id = NewId();
        await DeployAsync(id);
        var history = server.Services.GetRequiredService<IExecutionHistory>();
        var start = DateTimeOffset.UtcNow.AddMinutes(-10);
        var failed = Guid.NewGuid();
        await history.RecordAsync(new ExecutionRecord
        {
            ExecutionId = failed, InstanceId = id, FlowName = "customer-sync", Trigger = "webhook", StartedAt = start,
            EndedAt = start.AddSeconds(1), Outcome = ExecutionOutcome.Failed, FailedStep = "Push", Error = $"HttpRequestException: 401 for token {Secret}",
        });
        await history.RecordAsync(new ExecutionRecord
        {
            ExecutionId = Guid.NewGuid(), InstanceId = id, FlowName = "customer-sync", Trigger = "schedule", StartedAt = start.AddMinutes(1),
            EndedAt = start.AddMinutes(1), Outcome = ExecutionOutcome.Completed,
        });
        var reader = server.Client(ManagementServer.ReaderKey);

        var body = await reader.GetStringAsync($"/manage/executions?instance={id}&outcome=failed");
        Assert.DoesNotContain(Secret, body, StringComparison.Ordinal);
        var execution = Assert.Single(JsonDocument.Parse(body).RootElement.EnumerateArray());
        Assert.Equal(failed, execution.GetProperty("executionId").GetGuid());
        Assert.Equal("Failed", execution.GetProperty("outcome").GetString());
        Assert.Equal(1, execution.GetProperty("deliveries").GetInt32());
        Assert.Equal("HttpRequestException: 401 for token ***", execution.GetProperty("error").GetString());

        var all = await reader.GetFromJsonAsync<JsonElement>($"/manage/executions?instance={id}&from={Uri.EscapeDataString(start.AddSeconds(30).ToString("O"))}");
        Assert.Equal("schedule", Assert.Single(all.EnumerateArray()).GetProperty("trigger").GetString());

        var bad = await reader.GetAsync("/manage/executions?outcome=exploded&from=yesterday&limit=0");
        var problem = await ProblemAsync(bad, HttpStatusCode.BadRequest);
        Assert.Equal(["from", "limit", "outcome"], problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Dead_letters_list_without_payload_get_with_it_and_replay_is_501_without_a_flow_host()
    {
        var id = NewId();
        await DeployAsync(id);
        var payload = Encoding.UTF8.GetBytes("""{"email":"ada@example.com"}""");
        var letter = new DeadLetter
        {
            Id = Guid.NewGuid(), ExecutionId = Guid.NewGuid(), InstanceId = id, FlowName = "customer-sync", Trigger = "webhook",
            ContentType = "application/json", Payload = payload, FailedStep = "Push", Error = "rejected " + Secret, CreatedAt = DateTimeOffset.UtcNow,
        };
        await server.Services.GetRequiredService<IDeadLetterStore>().AddDeadLetterAsync(letter);
        var reader = server.Client(ManagementServer.ReaderKey);

        var listed = Assert.Single((await reader.GetFromJsonAsync<JsonElement>($"/manage/dead-letters?instance={id}")).EnumerateArray());
        Assert.Equal(letter.Id, listed.GetProperty("id").GetGuid());
        Assert.Equal(payload.Length, listed.GetProperty("payloadSize").GetInt32());
        Assert.Equal(JsonValueKind.Null, listed.GetProperty("payload").ValueKind);
        Assert.Equal("rejected ***", listed.GetProperty("error").GetString());

        var single = await reader.GetFromJsonAsync<JsonElement>($"/manage/dead-letters/{letter.Id}");
        Assert.Equal(payload, Convert.FromBase64String(single.GetProperty("payload").GetString()!));
        await ProblemAsync(await reader.GetAsync($"/manage/dead-letters/{Guid.NewGuid()}"), HttpStatusCode.NotFound);

        var replay = await server.Client(ManagementServer.AdminKey).PostAsync($"/manage/dead-letters/{letter.Id}/replay", null);
        var problem = await ProblemAsync(replay, HttpStatusCode.NotImplemented);
        Assert.Contains("replay", problem.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_openapi_description_is_served_to_key_holders()
    {
        await ProblemAsync(await server.Client(null).GetAsync("/manage/openapi/flowsdk-management.json"), HttpStatusCode.Unauthorized);

        var response = await server.Client(ManagementServer.ReaderKey).GetAsync("/manage/openapi/flowsdk-management.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.StartsWith("3.", document.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        var paths = document.GetProperty("paths");
        foreach (var path in new[] { "/manage/instances", "/manage/instances/{id}", "/manage/instances/{id}/enable", "/manage/executions", "/manage/dead-letters", "/manage/dead-letters/{id}/replay" })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"The OpenAPI description lacks {path}.");
        }

        Assert.True(paths.GetProperty("/manage/instances").TryGetProperty("post", out var deploy));
        Assert.Equal("DeployInstance", deploy.GetProperty("operationId").GetString());
        Assert.True(deploy.GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _));
    }
}
