using System.Net;
using System.Text.Json;
using FlowSdk.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace FlowSdk.Instances.Hosting.Tests;

/// <summary>The step journal from a real execution to <c>GET /manage/executions/{id}</c>, on SQLite.</summary>
public sealed class JournalTests
{
    private const string CrmKey = "crm-key-73d1a9f0";

    private static Task<InstanceHost> StartAsync(Action<FlowOptions>? options = null) =>
        InstanceHost.StartAsync(
            s =>
            {
                s.AddInstanceConfiguration("journaled", TestJson.Default.GreetingConfig);
                s.AddInstanceConfiguration("receipted", TestJson.Default.GreetingConfig);
                s.AddFlow<JournaledFlow, Basket, int>(JournaledFlow.Definition);
                s.AddFlow<ReceiptFlow, Basket, Receipt>(ReceiptFlow.Definition);
                if (options is not null)
                {
                    s.Configure("journaled", options);
                    s.Configure("receipted", options);
                }
            },
            management: true);

    private static async Task<(InstanceHost Host, Guid ExecutionId)> RunAsync(Action<FlowOptions>? options = null)
    {
        var host = await StartAsync(options);
        var acme = await host.Manager.DeployAsync(new InstanceDeployment
        {
            Id = "acme",
            FlowName = "journaled",
            ConfigurationJson = $$"""{"greeting":"{{CrmKey}}"}""",
            Secrets = new Dictionary<string, string> { ["crm-key"] = CrmKey },
        });
        await host.SeeAsync(acme.Version);
        var id = await host.Services.GetRequiredService<IFlowInstancePublisher<JournaledFlow, Basket>>().PublishAsync("acme", new Basket("key " + CrmKey, [1, 0, 13, 2]));
        await host.Services.GetRequiredService<InstanceExecutionRecorder>().WhenWritten(1).WaitAsync(Recorder.Timeout);
        return (host, id);
    }

    /// <summary>Runs <paramref name="basket"/> through an instance of the receipt flow, whose output carries the instance's secret.</summary>
    private static async Task<(JsonElement Body, string Text)> RunReceiptAsync(Basket basket, Action<FlowOptions> options)
    {
        await using var host = await StartAsync(options);
        var acme = await host.Manager.DeployAsync(new InstanceDeployment
        {
            Id = "acme",
            FlowName = "receipted",
            ConfigurationJson = $$"""{"greeting":"{{CrmKey}}"}""",
            Secrets = new Dictionary<string, string> { ["crm-key"] = CrmKey },
        });
        await host.SeeAsync(acme.Version);
        var id = await host.Services.GetRequiredService<IFlowInstancePublisher<ReceiptFlow, Basket>>().PublishAsync("acme", basket);
        await host.Services.GetRequiredService<InstanceExecutionRecorder>().WhenWritten(1).WaitAsync(Recorder.Timeout);
        return await GetAsync(host, id);
    }

    private static (string? Output, bool Truncated)[] Outputs(JsonElement body) =>
        [.. body.GetProperty("steps").EnumerateArray().Select(s => (s.GetProperty("output").GetString(), s.GetProperty("outputTruncated").GetBoolean()))];

    private static async Task<(JsonElement Body, string Text)> GetAsync(InstanceHost host, Guid id)
    {
        using var management = host.ManagementClient();
        var response = await management.GetAsync($"/manage/executions/{id}");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return (JsonDocument.Parse(text).RootElement, text);
    }

    [Fact]
    public async Task By_default_an_instance_execution_journals_each_step_with_calls_outcomes_split_counts_and_a_redacted_error()
    {
        var (host, id) = await RunAsync();
        await using var _ = host;

        var (body, text) = await GetAsync(host, id);

        Assert.Equal((id, "acme", "journaled", "channel", "Failed", "Check", 1), (body.GetProperty("executionId").GetGuid(), body.GetProperty("instanceId").GetString(), body.GetProperty("flow").GetString(), body.GetProperty("trigger").GetString(), body.GetProperty("outcome").GetString(), body.GetProperty("failedStep").GetString(), body.GetProperty("deliveries").GetInt32()));
        Assert.True(body.GetProperty("journal").GetBoolean());
        var steps = body.GetProperty("steps").EnumerateArray().ToArray();
        Assert.Equal(
            ["0 Stamp Step 1 Completed", "1 Lines Split 1 Completed", "2 NotZero Filter 4 Filtered", "3 Check Step 3 Failed"],
            steps.Select(s => $"{s.GetProperty("index").GetInt32()} {s.GetProperty("name").GetString()} {s.GetProperty("kind").GetString()} {s.GetProperty("calls").GetInt32()} {s.GetProperty("outcome").GetString()}"));
        var items = steps[1].GetProperty("items");
        Assert.Equal((2, 1, 1), (items.GetProperty("completed").GetInt32(), items.GetProperty("filtered").GetInt32(), items.GetProperty("failed").GetInt32()));
        Assert.All(steps.Where(s => s.GetProperty("kind").GetString() != "Split"), s => Assert.Equal(JsonValueKind.Null, s.GetProperty("items").ValueKind));
        Assert.Equal("System.InvalidOperationException: Line 13 refused with ***", steps[3].GetProperty("error").GetString());
        Assert.All(steps[..3], s => Assert.Equal(JsonValueKind.Null, s.GetProperty("error").ValueKind));
        Assert.All(steps, s => Assert.Equal((JsonValueKind.Null, false), (s.GetProperty("payload").ValueKind, s.GetProperty("payloadTruncated").GetBoolean())));
        Assert.All(steps, s => Assert.True(s.GetProperty("durationMs").GetDouble() >= 0));
        var started = steps.Select(s => s.GetProperty("startedAt").GetDateTimeOffset()).ToArray();
        Assert.Equal(started.Order(), started);
        Assert.True(started[0] >= body.GetProperty("startedAt").GetDateTimeOffset());
        Assert.DoesNotContain(CrmKey, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_payloads_each_step_keeps_the_json_it_received_secrets_masked_and_cut_at_the_limit()
    {
        var (host, id) = await RunAsync(o =>
        {
            o.Journal = FlowJournalMode.StepsAndPayloads;
            o.JournalPayloadLimit = 24;
        });
        await using var _ = host;

        var (body, text) = await GetAsync(host, id);

        var steps = body.GetProperty("steps").EnumerateArray().ToArray();
        Assert.Equal(
            [("{\"note\":\"key ***\",\"lines", true), ("{\"note\":\"key ***\",\"lines", true), ("1", false), ("1", false)],
            steps.Select(s => (s.GetProperty("payload").GetString(), s.GetProperty("payloadTruncated").GetBoolean())));
        // The split's items 2 and 4 completed; the output is the last one's, on the last step's entry.
        Assert.Equal([(null, false), (null, false), (null, false), ("4", false)], Outputs(body));
        Assert.DoesNotContain(CrmKey, text, StringComparison.Ordinal);
        Assert.DoesNotContain("73d1", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_payloads_the_last_step_keeps_the_executions_output_with_secrets_masked()
    {
        var (body, text) = await RunReceiptAsync(new Basket("none", [3, 4]), o => o.Journal = FlowJournalMode.StepsAndPayloads);

        Assert.Equal("Completed", body.GetProperty("outcome").GetString());
        Assert.Equal([(null, false), ("""{"text":"sent with ***","total":7}""", false)], Outputs(body));
        Assert.DoesNotContain(CrmKey, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_output_is_masked_before_it_is_cut_at_the_limit()
    {
        // Unmasked, the output is 43 bytes and the secret straddles the 24-byte limit.
        var (body, text) = await RunReceiptAsync(new Basket("none", [3, 4]), o =>
        {
            o.Journal = FlowJournalMode.StepsAndPayloads;
            o.JournalPayloadLimit = 24;
        });

        Assert.Equal([(null, false), ("""{"text":"sent with ***",""", true)], Outputs(body));
        Assert.DoesNotContain("crm-", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_filtered_execution_has_no_output_and_the_default_journal_keeps_none()
    {
        var (filtered, _) = await RunReceiptAsync(new Basket("none", []), o => o.Journal = FlowJournalMode.StepsAndPayloads);
        var (steps, _) = await RunReceiptAsync(new Basket("none", [3, 4]), o => o.Journal = FlowJournalMode.Steps);

        Assert.Equal(("Filtered", "Filtered"), (filtered.GetProperty("outcome").GetString(), filtered.GetProperty("steps")[0].GetProperty("outcome").GetString()));
        Assert.Equal([(null, false)], Outputs(filtered));
        Assert.Equal("Completed", steps.GetProperty("outcome").GetString());
        Assert.Equal([(null, false), (null, false)], Outputs(steps));
    }

    [Fact]
    public async Task A_flow_with_the_journal_off_answers_journal_false_and_no_steps()
    {
        var (host, id) = await RunAsync(o => o.Journal = FlowJournalMode.Off);
        await using var _ = host;

        var (body, _) = await GetAsync(host, id);

        Assert.Equal("Failed", body.GetProperty("outcome").GetString());
        Assert.False(body.GetProperty("journal").GetBoolean());
        Assert.Empty(body.GetProperty("steps").EnumerateArray());
    }

    [Fact]
    public async Task An_unknown_execution_is_a_404_problem_and_a_deleted_instance_takes_its_journals_with_it()
    {
        var (host, id) = await RunAsync();
        await using var _ = host;
        using var management = host.ManagementClient();

        var unknown = await management.GetAsync($"/manage/executions/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);

        Assert.True(await host.Manager.DeleteAsync("acme"));
        Assert.Equal(HttpStatusCode.NotFound, (await management.GetAsync($"/manage/executions/{id}")).StatusCode);
    }

    [Fact]
    public async Task A_generated_flow_is_described_with_its_steps_and_the_secret_it_declares_and_refused_without_it()
    {
        await using var host = await StartAsync();
        using var management = host.ManagementClient();

        var body = JsonDocument.Parse(await management.GetStringAsync("/manage/flows/journaled")).RootElement;
        var refusal = await Assert.ThrowsAsync<InstanceValidationException>(() => host.Manager.DeployAsync(new InstanceDeployment { Id = "bare", FlowName = "journaled", ConfigurationJson = "{}" }));

        Assert.Equal("""[{"kind":"channel","payloadType":"FlowSdk.Instances.Hosting.Tests.Basket"}]""", body.GetProperty("triggers").GetRawText());
        Assert.Equal(
            """[{"name":"Stamp","kind":"Step"},{"name":"Lines","kind":"Split"},{"name":"NotZero","kind":"Filter"},{"name":"Check","kind":"Step"}]""",
            body.GetProperty("steps").GetRawText());
        Assert.Equal("""[{"name":"crm-key","description":"The CRM\u0027s key","required":true}]""", body.GetProperty("secrets").GetRawText());
        Assert.Equal("string", body.GetProperty("configurationSchema").GetProperty("properties").GetProperty("greeting").GetProperty("type").GetString());
        Assert.Equal(["secrets.crm-key"], refusal.Errors.Keys);
    }
}
