using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FlowSdk.Instances;
using FlowSdk.Management;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace FlowSdk.Instances.Tests;

/// <summary>A server with a replaying flow host and a second admin key, to tell actors apart.</summary>
public sealed class AuditManagementServer : ManagementServer
{
    public const string BotKey = "deploy-bot-6b1d3f5a7c9e2b4d6f8a0c1e3b5d7f9a";

    public ReplayQueue Queue { get; } = new();

    protected override void ConfigureServices(IServiceCollection services)
    {
        services.AddSingleton<IDeadLetterReplayer>(Queue);
        services.Configure<ManagementOptions>(o => o.ApiKeys.Add(new ManagementApiKey { Name = "deploy-bot", Key = BotKey, Role = ManagementRole.Admin }));
    }
}

/// <summary>Every change through the management API leaves one audit entry naming who made it.</summary>
public sealed class AuditTests(AuditManagementServer server) : IClassFixture<AuditManagementServer>
{
    private const string Secret = "sk_live_audit_4f2a9c7e1b3d";

    private static object Deployment(string id) => new
    {
        id,
        flow = "customer-sync",
        configuration = new { targetUrl = "https://crm.example/api", auth = new { headerName = "Authorization", scheme = "Bearer" } },
        secrets = new Dictionary<string, string> { ["token"] = Secret },
    };

    private static string NewId() => "a-" + Guid.NewGuid().ToString("N")[..12];

    private async Task<DeadLetter> AddLetterAsync(string instanceId)
    {
        var letter = new DeadLetter
        {
            Id = Guid.NewGuid(), ExecutionId = Guid.NewGuid(), InstanceId = instanceId, FlowName = "customer-sync", Trigger = "webhook",
            ContentType = "application/json", Payload = "{\"n\":1}"u8.ToArray(), Error = "rejected " + Secret, CreatedAt = DateTimeOffset.UtcNow,
        };
        await server.Services.GetRequiredService<IDeadLetterStore>().AddDeadLetterAsync(letter);
        return letter;
    }

    private async Task<List<JsonElement>> AuditAsync(string query)
    {
        var body = await server.Client(ManagementServer.AdminKey).GetStringAsync("/manage/audit?" + query);
        Assert.DoesNotContain(Secret, body, StringComparison.Ordinal);
        Assert.DoesNotContain("crm.example", body, StringComparison.Ordinal);
        return [.. JsonDocument.Parse(body).RootElement.EnumerateArray()];
    }

    private static (string? Actor, string? Action, string? Target, int Status) Summary(JsonElement entry) =>
        (entry.GetProperty("actor").GetString(), entry.GetProperty("action").GetString(), entry.GetProperty("target").GetString(), entry.GetProperty("status").GetInt32());

    [Fact]
    public async Task Each_change_of_an_instance_is_recorded_with_its_actor_newest_first_and_refusals_are_not()
    {
        var id = NewId();
        var ops = server.Client(ManagementServer.AdminKey);
        var bot = server.Client(AuditManagementServer.BotKey);

        Assert.Equal(HttpStatusCode.Created, (await ops.PostAsJsonAsync("/manage/instances", Deployment(id))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await bot.PutAsJsonAsync($"/manage/instances/{id}", new
        {
            configuration = new { targetUrl = "https://crm.example/v2", auth = new { headerName = "Authorization", scheme = "Bearer" } },
            secrets = new Dictionary<string, string?> { ["token"] = Secret + "-2", ["old"] = null },
        })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await bot.PostAsync($"/manage/instances/{id}/disable", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ops.PostAsync($"/manage/instances/{id}/enable", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ops.PostAsync($"/manage/instances/{id}-missing/enable", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await ops.PostAsJsonAsync("/manage/instances", Deployment(id))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await bot.DeleteAsync($"/manage/instances/{id}")).StatusCode);

        var entries = await AuditAsync($"target={id}");
        Assert.Equal(
            [
                ("deploy-bot", "DeleteInstance", id, 204),
                ("ops", "EnableInstance", id, 200),
                ("deploy-bot", "DisableInstance", id, 200),
                ("deploy-bot", "UpdateInstance", id, 200),
                ("ops", "DeployInstance", id, 201),
            ],
            entries.Select(Summary));
        Assert.Equal("flow customer-sync, enabled, secrets [token]", entries[^1].GetProperty("detail").GetString());
        Assert.Equal("customer, configuration and schedule replaced; secrets set [token], removed [old]", entries[^2].GetProperty("detail").GetString());
        Assert.Empty(await AuditAsync($"target={id}-missing"));

        var byBot = await AuditAsync($"target={id}&actor=deploy-bot");
        Assert.Equal(["DeleteInstance", "DisableInstance", "UpdateInstance"], byBot.Select(e => e.GetProperty("action").GetString()));
        var page1 = await AuditAsync($"target={id}&limit=2");
        var page2 = await AuditAsync($"target={id}&limit=2&before={page1[^1].GetProperty("id").GetGuid()}");
        var page3 = await AuditAsync($"target={id}&limit=2&before={page2[^1].GetProperty("id").GetGuid()}");
        Assert.Equal(entries.Select(e => e.GetProperty("id").GetGuid()), page1.Concat(page2).Concat(page3).Select(e => e.GetProperty("id").GetGuid()));
        var deployedAt = entries[^1].GetProperty("at").GetDateTimeOffset();
        Assert.Equal(5, (await AuditAsync($"target={id}&from={Uri.EscapeDataString(deployedAt.ToString("O"))}")).Count);
        Assert.Empty(await AuditAsync($"target={id}&to={Uri.EscapeDataString(deployedAt.ToString("O"))}"));
    }

    [Fact]
    public async Task A_replay_and_a_re_encryption_are_recorded_with_their_targets_and_counts()
    {
        var id = NewId();
        var ops = server.Client(ManagementServer.AdminKey);
        Assert.Equal(HttpStatusCode.Created, (await ops.PostAsJsonAsync("/manage/instances", Deployment(id))).StatusCode);
        var letter = await AddLetterAsync(id);

        var replay = await server.Client(AuditManagementServer.BotKey).PostAsync($"/manage/dead-letters/{letter.Id}/replay", null);
        Assert.Equal(HttpStatusCode.Accepted, replay.StatusCode);
        var execution = (await replay.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("executionId").GetGuid();
        var reEncrypt = await ops.PostAsync("/manage/secrets/re-encrypt", null);
        Assert.Equal(HttpStatusCode.OK, reEncrypt.StatusCode);
        var counts = await reEncrypt.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(0, counts.GetProperty("failed").GetInt32());
        Assert.Equal(0, counts.GetProperty("reEncrypted").GetInt32());
        Assert.True(counts.GetProperty("alreadyCurrent").GetInt32() >= 1);
        Assert.Equal(0, counts.GetProperty("connectionsReEncrypted").GetInt32());
        Assert.Equal(0, counts.GetProperty("connectionsFailed").GetInt32());

        var replayed = Assert.Single(await AuditAsync($"target={letter.Id}"));
        Assert.Equal(("deploy-bot", "ReplayDeadLetter", letter.Id.ToString("D"), 202), Summary(replayed));
        Assert.Equal($"instance {id}, execution {execution:D}", replayed.GetProperty("detail").GetString());
        var reEncrypted = (await AuditAsync("action=ReEncryptSecrets&limit=1"))[0];
        Assert.Equal(("ops", "ReEncryptSecrets", null, 200), Summary(reEncrypted));
        Assert.Equal(
            $"reEncrypted 0, alreadyCurrent {counts.GetProperty("alreadyCurrent").GetInt32()}, failed 0; "
            + $"connections reEncrypted 0, alreadyCurrent {counts.GetProperty("connectionsAlreadyCurrent").GetInt32()}, failed 0",
            reEncrypted.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task The_audit_log_is_for_admins_only_and_bad_parameters_are_400()
    {
        Assert.Equal(HttpStatusCode.Forbidden, (await server.Client(ManagementServer.ReaderKey).GetAsync("/manage/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await server.Client(ManagementServer.ReaderKey).PostAsync("/manage/secrets/re-encrypt", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.Client(null).GetAsync("/manage/audit")).StatusCode);

        var bad = await server.Client(ManagementServer.AdminKey).GetAsync("/manage/audit?before=yesterday&from=soon&limit=5000");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var problem = await bad.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["before", "from", "limit"], problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Empty(await AuditAsync("action=ListAudit"));
    }

    [Fact]
    public async Task A_redeployed_id_does_not_see_or_replay_the_previous_deployments_dead_letters()
    {
        var id = NewId();
        var ops = server.Client(ManagementServer.AdminKey);
        Assert.Equal(HttpStatusCode.Created, (await ops.PostAsJsonAsync("/manage/instances", Deployment(id))).StatusCode);
        var old = await AddLetterAsync(id);
        Assert.Equal(HttpStatusCode.NoContent, (await ops.DeleteAsync($"/manage/instances/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await ops.PostAsJsonAsync("/manage/instances", Deployment(id))).StatusCode);

        Assert.Empty((await ops.GetFromJsonAsync<JsonElement>($"/manage/dead-letters?instance={id}")).EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, (await ops.GetAsync($"/manage/dead-letters/{old.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ops.PostAsync($"/manage/dead-letters/{old.Id}/replay", null)).StatusCode);
        Assert.DoesNotContain(server.Queue.Replayed, l => l.Id == old.Id);
    }
}
