using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FlowSdk.Instances.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace FlowSdk.Instances.Tests;

/// <summary>The management server with a webhook flow registered, as <c>AddFlows()</c> would.</summary>
public sealed class WebhookManagementServer : ManagementServer
{
    protected override void ConfigureServices(IServiceCollection services) => services.AddWebhookFlow("hooked");
}

/// <summary>Webhook secrets over the management API: shown once when generated or rotated, never read back.</summary>
public sealed class WebhookSecretApiTests(WebhookManagementServer server) : IClassFixture<WebhookManagementServer>
{
    private static string NewId() => "h-" + Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task Deploy_answers_the_generated_secret_once_and_no_read_shows_it()
    {
        var id = NewId();
        var admin = server.Client(ManagementServer.AdminKey);

        var deployed = await admin.PostAsJsonAsync("/manage/instances", new { id, flow = "hooked" });

        Assert.Equal(HttpStatusCode.Created, deployed.StatusCode);
        Assert.True(deployed.Headers.CacheControl?.NoStore);
        var body = await deployed.Content.ReadFromJsonAsync<JsonElement>();
        var secret = body.GetProperty("webhookSecret").GetString()!;
        Assert.Null(StandardWebhooksScheme.Instance.ValidateSecret(secret));
        Assert.Equal(secret, (await server.Services.GetRequiredService<IInstanceStore>().GetSecretsAsync(id))!.GetValue("webhook-secret"));

        var read = await (await admin.GetAsync($"/manage/instances/{id}")).Content.ReadAsStringAsync();
        var list = await (await admin.GetAsync("/manage/instances?flow=hooked")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("webhookSecret", read, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, read, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, list, StringComparison.Ordinal);
        Assert.Contains("\"previousWebhookSecretExpiresAt\":null", read, StringComparison.Ordinal);
        Assert.DoesNotContain(server.Logs.Lines, m => m.Contains(secret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_given_secret_is_not_echoed_and_a_short_one_is_a_field_error()
    {
        var admin = server.Client(ManagementServer.AdminKey);
        var given = StandardWebhooksScheme.Instance.GenerateSecret();

        var deployed = await admin.PostAsJsonAsync("/manage/instances", new { id = NewId(), flow = "hooked", secrets = new Dictionary<string, string> { ["webhook-secret"] = given } });
        Assert.Equal(HttpStatusCode.Created, deployed.StatusCode);
        Assert.DoesNotContain(given, await deployed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("webhookSecret", await deployed.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var shortSecret = "whsec_" + Convert.ToBase64String(new byte[16]);
        var refused = await admin.PostAsJsonAsync("/manage/instances", new { id = NewId(), flow = "hooked", secrets = new Dictionary<string, string> { ["webhook-secret"] = shortSecret } });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var text = await refused.Content.ReadAsStringAsync();
        var errors = JsonDocument.Parse(text).RootElement.GetProperty("errors");
        Assert.Contains("shorter than 24 random bytes", errors.GetProperty("secrets.webhook-secret")[0].GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(shortSecret, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rotate_answers_the_new_secret_and_the_previous_expiry_and_honours_if_match()
    {
        var id = NewId();
        var admin = server.Client(ManagementServer.AdminKey);
        var deployed = await admin.PostAsJsonAsync("/manage/instances", new { id, flow = "hooked" });
        var first = (await deployed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("webhookSecret").GetString();

        var stale = new HttpRequestMessage(HttpMethod.Post, $"/manage/instances/{id}/webhook-secret/rotate");
        stale.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\""));
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await admin.SendAsync(stale)).StatusCode);

        var before = DateTimeOffset.UtcNow;
        var rotate = new HttpRequestMessage(HttpMethod.Post, $"/manage/instances/{id}/webhook-secret/rotate");
        rotate.Headers.IfMatch.Add(deployed.Headers.ETag!);
        var rotated = await admin.SendAsync(rotate);

        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        Assert.True(rotated.Headers.CacheControl?.NoStore);
        var body = await rotated.Content.ReadFromJsonAsync<JsonElement>();
        var next = body.GetProperty("webhookSecret").GetString()!;
        Assert.NotEqual(first, next);
        var until = body.GetProperty("previousWebhookSecretExpiresAt").GetDateTimeOffset();
        Assert.InRange(until, before.AddHours(24).AddSeconds(-1), DateTimeOffset.UtcNow.AddHours(24).AddSeconds(1));
        Assert.NotEqual(deployed.Headers.ETag!.Tag, rotated.Headers.ETag!.Tag);

        var read = await (await admin.GetAsync($"/manage/instances/{id}")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(until, read.GetProperty("previousWebhookSecretExpiresAt").GetDateTimeOffset());
        Assert.False(read.TryGetProperty("webhookSecret", out _));
        Assert.DoesNotContain(server.Logs.Lines, m => m.Contains(next, StringComparison.Ordinal));

        // The rotation is audited, by action and target, never with a secret.
        var audit = await (await admin.GetAsync($"/manage/audit?target={id}")).Content.ReadAsStringAsync();
        var actions = JsonDocument.Parse(audit).RootElement.EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.Equal(["RotateWebhookSecret", "DeployInstance"], actions);
        Assert.DoesNotContain(next, audit, StringComparison.Ordinal);
        Assert.DoesNotContain(first!, audit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rotate_takes_a_given_secret_and_a_lifetime_and_refuses_bad_ones()
    {
        var id = NewId();
        var admin = server.Client(ManagementServer.AdminKey);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/manage/instances", new { id, flow = "hooked" })).StatusCode);
        var given = StandardWebhooksScheme.Instance.GenerateSecret();

        var before = DateTimeOffset.UtcNow;
        var rotated = await admin.PostAsJsonAsync($"/manage/instances/{id}/webhook-secret/rotate", new { secret = given, previousLifetimeSeconds = 600 });
        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        var body = await rotated.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(given, body.GetProperty("webhookSecret").GetString());
        Assert.InRange(body.GetProperty("previousWebhookSecretExpiresAt").GetDateTimeOffset(), before.AddSeconds(599), DateTimeOffset.UtcNow.AddSeconds(601));

        var weak = await admin.PostAsJsonAsync($"/manage/instances/{id}/webhook-secret/rotate", new { secret = "whsec_c2hvcnQ=" });
        Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);
        Assert.True(JsonDocument.Parse(await weak.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").TryGetProperty("secrets.webhook-secret", out _));
        var negative = await admin.PostAsJsonAsync($"/manage/instances/{id}/webhook-secret/rotate", new { previousLifetimeSeconds = -1 });
        Assert.Equal(HttpStatusCode.BadRequest, negative.StatusCode);
        var text = await admin.PostAsync($"/manage/instances/{id}/webhook-secret/rotate", new StringContent("secret", Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, text.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync("/manage/instances/nobody/webhook-secret/rotate", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await server.Client(ManagementServer.ReaderKey).PostAsync($"/manage/instances/{id}/webhook-secret/rotate", null)).StatusCode);
    }
}
