using FlowSdk.Hosting;
using FlowSdk.Instances.Webhooks;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace FlowSdk.Instances.Tests;

/// <summary>
/// Webhook secrets through the real services on a real SQLite file: generated or checked at deploy, checked at update,
/// rotated with a previous secret that expires, and each flow's scheme chosen by attribute, configuration or registration.
/// </summary>
public sealed class WebhookSecretTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "flowsdk-tests", Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-03-01T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private ServiceProvider _services = null!;
    private FlowInstanceManager _manager = null!;

    public Task InitializeAsync()
    {
        _services = Build(new Dictionary<string, string?>());
        _manager = _services.GetRequiredService<FlowInstanceManager>();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_webhook_flow_deployed_without_a_secret_gets_one_generated_and_stored_encrypted()
    {
        var deployment = await _manager.DeployWithWebhookSecretAsync(new InstanceDeployment { Id = "acme", FlowName = "hooked" });

        Assert.StartsWith("whsec_", deployment.GeneratedSecret, StringComparison.Ordinal);
        Assert.Null(StandardWebhooksScheme.Instance.ValidateSecret(deployment.GeneratedSecret!));
        Assert.Equal(["webhook-secret"], deployment.Instance.SecretNames);
        Assert.Equal(deployment.GeneratedSecret, (await _manager.Store.GetSecretsAsync("acme"))!.GetValue("webhook-secret"));
        Assert.DoesNotContain(deployment.GeneratedSecret!, deployment.ToString(), StringComparison.Ordinal);

        var github = await _manager.DeployWithWebhookSecretAsync(new InstanceDeployment { Id = "octo", FlowName = "github-hooked" });
        Assert.Equal(64, github.GeneratedSecret!.Length); // GitHub's scheme: hex, no whsec_ prefix
    }

    [Fact]
    public async Task A_given_secret_is_kept_and_a_flow_without_a_webhook_trigger_gets_none()
    {
        var given = StandardWebhooksScheme.Instance.GenerateSecret();
        var deployment = await _manager.DeployWithWebhookSecretAsync(new InstanceDeployment
        {
            Id = "given",
            FlowName = "hooked",
            Secrets = new Dictionary<string, string> { ["webhook-secret"] = given },
        });
        Assert.Null(deployment.GeneratedSecret);
        Assert.Equal(given, (await _manager.Store.GetSecretsAsync("given"))!.GetValue("webhook-secret"));

        var plain = await _manager.DeployWithWebhookSecretAsync(new InstanceDeployment { Id = "plain", FlowName = "customer-sync", ConfigurationJson = CustomerSync });
        Assert.Null(plain.GeneratedSecret);
        Assert.Empty(plain.Instance.SecretNames);
    }

    [Theory]
    [InlineData("hooked", "whsec_c2hvcnQ=", "shorter than 24 random bytes")]
    [InlineData("hooked", "plain text that is not base64!", "not valid base64")]
    [InlineData("github-hooked", "too-short", "at least 24 bytes")]
    public async Task A_secret_the_scheme_refuses_is_a_field_error_naming_the_rule_not_the_value(string flow, string secret, string rule)
    {
        var e = await Assert.ThrowsAsync<InstanceValidationException>(() => _manager.DeployAsync(new InstanceDeployment
        {
            Id = "weak",
            FlowName = flow,
            Secrets = new Dictionary<string, string> { ["webhook-secret"] = secret },
        }));

        var message = Assert.Single(e.Errors["secrets.webhook-secret"]);
        Assert.Contains(rule, message, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, message, StringComparison.Ordinal);
        Assert.Null(await _manager.Store.GetAsync("weak"));
    }

    [Fact]
    public async Task An_update_that_sets_the_webhook_secret_is_checked_too()
    {
        await _manager.DeployAsync(new InstanceDeployment { Id = "upd", FlowName = "hooked" });

        var e = await Assert.ThrowsAsync<InstanceValidationException>(() => _manager.UpdateAsync("upd", new InstanceUpdate
        {
            Secrets = new Dictionary<string, string?> { ["webhook-secret"] = "whsec_c2hvcnQ=" },
        }));
        Assert.Contains("shorter than 24 random bytes", Assert.Single(e.Errors["secrets.webhook-secret"]), StringComparison.Ordinal);

        var valid = StandardWebhooksScheme.Instance.GenerateSecret();
        await _manager.UpdateAsync("upd", new InstanceUpdate { Secrets = new Dictionary<string, string?> { ["webhook-secret"] = valid } });
        Assert.Equal(valid, (await _manager.Store.GetSecretsAsync("upd"))!.GetValue("webhook-secret"));
    }

    [Fact]
    public async Task A_rotation_keeps_the_old_secret_as_previous_until_it_expires()
    {
        var first = await _manager.DeployWithWebhookSecretAsync(new InstanceDeployment { Id = "rot", FlowName = "hooked" });

        var rotation = await _manager.RotateWebhookSecretAsync("rot");

        Assert.NotEqual(first.GeneratedSecret, rotation.Secret);
        Assert.Null(StandardWebhooksScheme.Instance.ValidateSecret(rotation.Secret));
        Assert.Equal(_time.GetUtcNow().AddHours(24), rotation.Instance.PreviousWebhookSecretExpiresAt);
        Assert.Equal(["webhook-secret", "webhook-secret.previous"], rotation.Instance.SecretNames);
        Assert.True(rotation.Instance.Version > first.Instance.Version);

        var secrets = (await _manager.Store.GetSecretsAsync("rot"))!;
        Assert.Equal(new WebhookSecretSet(rotation.Secret, first.GeneratedSecret), WebhookKeys.Select(rotation.Instance, secrets, "webhook-secret", _time.GetUtcNow()));
        _time.Advance(TimeSpan.FromHours(24));
        Assert.Equal(new WebhookSecretSet(rotation.Secret, null), WebhookKeys.Select(rotation.Instance, secrets, "webhook-secret", _time.GetUtcNow()));

        // A second rotation drops the first secret for good and keeps the second as previous.
        var again = await _manager.RotateWebhookSecretAsync("rot", previousLifetime: TimeSpan.FromMinutes(10));
        var now = (await _manager.Store.GetSecretsAsync("rot"))!;
        Assert.Equal(new WebhookSecretSet(again.Secret, rotation.Secret), WebhookKeys.Select(again.Instance, now, "webhook-secret", _time.GetUtcNow()));
        Assert.Equal(_time.GetUtcNow().AddMinutes(10), again.Instance.PreviousWebhookSecretExpiresAt);
    }

    [Fact]
    public async Task A_rotation_takes_a_given_secret_only_when_the_scheme_accepts_it_and_honours_the_version()
    {
        var deployed = await _manager.DeployAsync(new InstanceDeployment { Id = "giv", FlowName = "hooked" });

        var weak = await Assert.ThrowsAsync<InstanceValidationException>(() => _manager.RotateWebhookSecretAsync("giv", "whsec_c2hvcnQ="));
        Assert.True(weak.Errors.ContainsKey("secrets.webhook-secret"));
        await Assert.ThrowsAsync<InstanceVersionMismatchException>(() => _manager.RotateWebhookSecretAsync("giv", expectedVersion: deployed.Version - 1));
        await Assert.ThrowsAsync<InstanceValidationException>(() => _manager.RotateWebhookSecretAsync("giv", previousLifetime: TimeSpan.FromSeconds(-1)));
        await Assert.ThrowsAsync<InstanceNotFoundException>(() => _manager.RotateWebhookSecretAsync("nobody"));

        var given = StandardWebhooksScheme.Instance.GenerateSecret();
        var rotation = await _manager.RotateWebhookSecretAsync("giv", given, expectedVersion: deployed.Version);
        Assert.Equal(given, rotation.Secret);
        Assert.Equal(given, (await _manager.Store.GetSecretsAsync("giv"))!.GetValue("webhook-secret"));
    }

    [Fact]
    public async Task A_flow_without_a_webhook_trigger_has_nothing_to_rotate()
    {
        await _manager.DeployAsync(new InstanceDeployment { Id = "cfg", FlowName = "customer-sync", ConfigurationJson = CustomerSync });

        var e = await Assert.ThrowsAsync<InstanceValidationException>(() => _manager.RotateWebhookSecretAsync("cfg"));
        Assert.Contains("no [WebhookTrigger]", Assert.Single(e.Errors["flow"]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Configuration_overrides_the_attribute_and_a_custom_scheme_is_the_registered_one()
    {
        await using var services = Build(new Dictionary<string, string?> { ["Flows:hooked:Webhook:Signature"] = "slack" });
        var catalog = services.GetRequiredService<WebhookSchemeCatalog>();

        Assert.Same(SlackScheme.Instance, catalog.For("hooked"));
        Assert.Same(GitHubScheme.Instance, catalog.For("github-hooked"));
        Assert.Same(CustomScheme, catalog.For("custom-hooked"));
        Assert.Null(catalog.For("customer-sync"));
        Assert.Null(catalog.For("unknown"));
    }

    [Fact]
    public async Task A_flow_whose_options_are_reloaded_is_verified_with_the_scheme_they_name_now()
    {
        // FlowOptions follow configuration changes only where the application registers a change token source for them.
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Flows:hooked:Webhook:Signature"] = "slack" }).Build();
        await using var services = Build(configuration, s => s.AddSingleton<IOptionsChangeTokenSource<FlowOptions>>(new ConfigurationChangeTokenSource<FlowOptions>("hooked", configuration)));
        var catalog = services.GetRequiredService<WebhookSchemeCatalog>();
        Assert.Same(SlackScheme.Instance, catalog.For("hooked"));
        Assert.Same(GitHubScheme.Instance, catalog.For("github-hooked"));

        configuration["Flows:hooked:Webhook:Signature"] = "github";
        configuration.Reload();

        Assert.Same(GitHubScheme.Instance, catalog.For("hooked"));
        Assert.Same(GitHubScheme.Instance, catalog.For("github-hooked"));
    }

    [Fact]
    public async Task A_custom_flow_without_a_registered_scheme_fails_its_options_naming_the_flow()
    {
        await using var services = Build(new Dictionary<string, string?> { ["Flows:hooked:Webhook:Signature"] = "Custom" });

        var e = Assert.Throws<OptionsValidationException>(() => services.Options("hooked"));
        Assert.Contains("Flow 'hooked'", e.Message, StringComparison.Ordinal);
        Assert.Contains("AddFlowWebhookSignatureScheme(\"hooked\"", e.Message, StringComparison.Ordinal);
        Assert.Equal(WebhookSignature.Custom, services.Options("custom-hooked").Webhook.Signature);
    }

    private const string CustomerSync = """
        {"targetUrl":"https://crm.example/api","batchSize":20,"auth":{"headerName":"Authorization","scheme":"Bearer"},
         "mappings":[{"from":"email","to":"Email"}]}
        """;

    private static readonly IWebhookSignatureScheme CustomScheme = new FlowSdkScheme("X-Custom-Time", "X-Custom-Signature", "X-Custom-Id");

    private ServiceProvider Build(Dictionary<string, string?> configuration) => Build(new ConfigurationBuilder().AddInMemoryCollection(configuration).Build());

    private ServiceProvider Build(IConfigurationRoot configuration, Action<IServiceCollection>? more = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        more?.Invoke(services);
        services.AddSingleton<TimeProvider>(_time);
        services.AddFlowHosting();
        services.AddWebhookFlow("hooked").AddWebhookFlow("github-hooked", WebhookSignature.GitHub).AddWebhookFlow("custom-hooked", WebhookSignature.Custom);
        services.AddFlowWebhookSignatureScheme("custom-hooked", CustomScheme);
        services.AddFlowInstances(TestSecrets.Configure).UseSqlite(o => o.Path = Path.Combine(_folder, "flows.db"));
        services.AddInstanceConfiguration("customer-sync", TestJsonContext.Default.CustomerSyncConfig).ValidateDataAnnotations();
        return services.BuildServiceProvider();
    }
}
