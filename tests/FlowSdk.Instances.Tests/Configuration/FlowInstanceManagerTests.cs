using System.Text.Json;
using FlowSdk.Instances;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace FlowSdk.Instances.Tests;

/// <summary>Validation at deploy and update, through the real services on a real SQLite file.</summary>
public sealed class FlowInstanceManagerTests : IAsyncLifetime
{
    private const string ValidConfiguration = """
        {"targetUrl":"https://crm.example/api","batchSize":20,"auth":{"headerName":"Authorization","scheme":"Bearer"},
         "mappings":[{"from":"email","to":"Email"}]}
        """;

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "flowsdk-tests", Guid.NewGuid().ToString("N"));
    private ServiceProvider _services = null!;
    private FlowInstanceManager _manager = null!;

    public Task InitializeAsync()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddFlowInstances(TestSecrets.Configure).UseSqlite(o => o.Path = Path.Combine(_folder, "flows.db"));
        services.AddInstanceConfiguration("customer-sync", TestJsonContext.Default.CustomerSyncConfig).ValidateDataAnnotations();
        services.AddSingleton<IValidateOptions<CustomerSyncConfig>, NoExampleHostsInProduction>();
        _services = services.BuildServiceProvider();
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
    public async Task An_invalid_deployment_is_refused_with_every_failing_field_listed()
    {
        var e = await Assert.ThrowsAsync<InstanceValidationException>(() => _manager.DeployAsync(new InstanceDeployment
        {
            Id = "bad id!",
            FlowName = "customer-sync",
            ConfigurationJson = """
                {"targetUrl":"not a url","batchSize":0,"auth":{"headerName":""},
                 "mappings":[{"from":"email","to":"Email"},{"from":""}]}
                """,
            Secrets = new Dictionary<string, string> { ["token"] = "", ["bad name"] = "x" },
            Schedule = "every minute",
        }));

        Assert.Equal(
            new[]
            {
                "configuration.auth.headerName", "configuration.auth.scheme", "configuration.batchSize",
                "configuration.mappings[1].from", "configuration.mappings[1].to", "configuration.targetUrl",
                "id", "schedule", "secrets", "secrets.token",
            },
            e.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Empty(await _manager.Store.ListAsync(new InstanceQuery()));
    }

    [Fact]
    public async Task Options_validators_run_alongside_data_annotations()
    {
        var e = await Assert.ThrowsAsync<InstanceValidationException>(() => _manager.DeployAsync(new InstanceDeployment
        {
            Id = "acme",
            FlowName = "customer-sync",
            ConfigurationJson = """{"targetUrl":"https://example.com/","batchSize":500,"auth":{"headerName":"A","scheme":"Bearer"}}""",
        }));

        Assert.Equal(["configuration", "configuration.batchSize"], e.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("example.com", Assert.Single(e.Errors["configuration"]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_value_of_the_wrong_type_is_reported_at_its_path()
    {
        var e = await Assert.ThrowsAsync<InstanceValidationException>(() => _manager.DeployAsync(new InstanceDeployment
        {
            Id = "acme",
            FlowName = "customer-sync",
            ConfigurationJson = """{"targetUrl":"https://crm.example/","batchSize":"many"}""",
        }));

        Assert.Equal(["configuration.batchSize"], e.Errors.Keys);
    }

    [Fact]
    public async Task A_flow_the_application_does_not_know_is_refused()
    {
        var e = await Assert.ThrowsAsync<InstanceValidationException>(() => _manager.DeployAsync(new InstanceDeployment { Id = "acme", FlowName = "nope" }));
        Assert.Equal(["flow"], e.Errors.Keys);
    }

    [Fact]
    public async Task A_valid_deployment_is_stored_normalised_and_reads_back_typed()
    {
        var instance = await _manager.DeployAsync(new InstanceDeployment
        {
            Id = "acme",
            FlowName = "customer-sync",
            Customer = "ACME",
            ConfigurationJson = ValidConfiguration,
            Secrets = new Dictionary<string, string> { ["token"] = "t0k3n" },
            Schedule = "0 */5 * * * *",
        });

        Assert.Equal(typeof(CustomerSyncConfig).FullName, instance.ConfigurationType);
        using (var document = JsonDocument.Parse(instance.ConfigurationJson))
        {
            Assert.Equal(20, document.RootElement.GetProperty("batchSize").GetInt32());
        }

        var configuration = Assert.IsType<CustomerSyncConfig>(_manager.ReadConfiguration(instance));
        Assert.Equal("https://crm.example/api", configuration.TargetUrl);
        Assert.Equal("Bearer", configuration.Auth!.Scheme);
        Assert.Equal("Email", Assert.Single(configuration.Mappings).To);
    }

    [Fact]
    public async Task An_invalid_update_is_refused_and_leaves_the_instance_as_it_was()
    {
        var deployed = await _manager.DeployAsync(new InstanceDeployment { Id = "acme", FlowName = "customer-sync", ConfigurationJson = ValidConfiguration });

        var e = await Assert.ThrowsAsync<InstanceValidationException>(() => _manager.UpdateAsync("acme", new InstanceUpdate
        {
            ConfigurationJson = """{"targetUrl":"https://crm.example/","auth":{"headerName":"A","scheme":"x"}}""",
            Schedule = "61 * * * *",
        }));

        Assert.Equal(["configuration.auth.scheme", "schedule"], e.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(deployed.Version, (await _manager.Store.GetAsync("acme"))!.Version);
        await Assert.ThrowsAsync<InstanceNotFoundException>(() => _manager.UpdateAsync("nobody", new InstanceUpdate()));
    }

    private sealed class NoExampleHostsInProduction : IValidateOptions<CustomerSyncConfig>
    {
        public ValidateOptionsResult Validate(string? name, CustomerSyncConfig options) =>
            options.TargetUrl?.Contains("example.com", StringComparison.Ordinal) == true
                ? ValidateOptionsResult.Fail($"Flow {name}: example.com is not a real target.")
                : ValidateOptionsResult.Success;
    }
}
