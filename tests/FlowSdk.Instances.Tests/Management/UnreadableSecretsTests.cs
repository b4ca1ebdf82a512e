using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FlowSdk.Instances;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace FlowSdk.Instances.Tests;

/// <summary>One instance whose secrets no longer decrypt never makes a list fail, and its texts are never shown unmasked.</summary>
public sealed class UnreadableSecretsTests(ManagementServer server) : IClassFixture<ManagementServer>
{
    private const string Secret = "sk_live_unreadable_7d2c9e4a";

    private async Task<string> DeployWithFailuresAsync()
    {
        var id = "u-" + Guid.NewGuid().ToString("N")[..12];
        var deployed = await server.Client(ManagementServer.AdminKey).PostAsJsonAsync("/manage/instances", new
        {
            id,
            flow = "customer-sync",
            configuration = new { targetUrl = "https://crm.example/api", auth = new { headerName = "Authorization", scheme = "Bearer" } },
            secrets = new Dictionary<string, string> { ["token"] = Secret },
        });
        Assert.Equal(HttpStatusCode.Created, deployed.StatusCode);
        var now = DateTimeOffset.UtcNow;
        await server.Services.GetRequiredService<IDeadLetterStore>().AddDeadLetterAsync(new DeadLetter
        {
            Id = Guid.NewGuid(), ExecutionId = Guid.NewGuid(), InstanceId = id, FlowName = "customer-sync", Trigger = "webhook",
            Payload = "{}"u8.ToArray(), Error = "rejected " + Secret, CreatedAt = now,
        });
        await server.Services.GetRequiredService<IExecutionHistory>().RecordAsync(new ExecutionRecord
        {
            ExecutionId = Guid.NewGuid(), InstanceId = id, FlowName = "customer-sync", Trigger = "webhook", StartedAt = now, EndedAt = now,
            Outcome = ExecutionOutcome.Failed, Error = "rejected " + Secret,
        });
        return id;
    }

    [Fact]
    public async Task Lists_answer_200_masking_the_readable_instances_and_withholding_the_unreadable_ones_texts()
    {
        var readable = await DeployWithFailuresAsync();
        var damaged = await DeployWithFailuresAsync();
        await server.ExecuteSqlAsync($$"""UPDATE flowsdk_instances SET secrets = '{"token":"v1.removed-key.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}' WHERE id = '{{damaged}}'""");
        var reader = server.Client(ManagementServer.ReaderKey);

        foreach (var path in new[] { "/manage/dead-letters?limit=1000", "/manage/executions?limit=1000" })
        {
            var response = await reader.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var body = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain(Secret, body, StringComparison.Ordinal);
            var entries = JsonDocument.Parse(body).RootElement.EnumerateArray().ToList();
            Assert.Equal("rejected ***", Assert.Single(entries, e => e.GetProperty("instanceId").GetString() == readable).GetProperty("error").GetString());
            var withheld = Assert.Single(entries, e => e.GetProperty("instanceId").GetString() == damaged).GetProperty("error").GetString();
            Assert.StartsWith("(withheld", withheld, StringComparison.Ordinal);
        }

        var letter = Assert.Single((await reader.GetFromJsonAsync<JsonElement>($"/manage/dead-letters?instance={damaged}")).EnumerateArray());
        var single = await reader.GetFromJsonAsync<JsonElement>($"/manage/dead-letters/{letter.GetProperty("id").GetGuid()}");
        Assert.StartsWith("(withheld", single.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Contains(server.Logs.Lines, line => line.Contains(damaged, StringComparison.Ordinal) && line.Contains("could not be decrypted", StringComparison.Ordinal));
    }
}
