using Microsoft.Extensions.DependencyInjection;

namespace FlowSdk.Instances.Hosting.Tests;

/// <summary>The generated <c>AddFlows()</c> registers the configuration type every flow declares: no call per flow.</summary>
public sealed class ConfigurationRegistrationTests
{
    [Fact]
    public void AddFlows_alone_registers_each_declared_configuration_type_read_with_the_assemblys_json_context()
    {
        using var provider = Services().BuildServiceProvider();
        var registry = provider.GetRequiredService<InstanceConfigurationRegistry>();

        Assert.Equal(["github-push", "greeting", "journaled", "orders-sync", "receipted", "ticking"], registry.FlowNames.Order(StringComparer.Ordinal));
        Assert.True(registry.TryGet("greeting", out var greeting));
        Assert.Equal(typeof(GreetingConfig), greeting.ClrType);

        // TestJson uses web defaults: camelCase names bind, and the normalised JSON is written back the same way.
        var binding = greeting.Bind("""{"greeting":"Hej"}""");
        Assert.True(binding.IsValid, string.Join("; ", binding.Errors.SelectMany(e => e.Value)));
        Assert.Equal("Hej", Assert.IsType<GreetingConfig>(binding.Value).Greeting);
    }

    [Fact]
    public void A_later_AddInstanceConfiguration_for_the_same_flow_replaces_the_generated_registration()
    {
        var services = Services();
        services.AddInstanceConfiguration("greeting", TestJson.Default.GreetingConfig).AddValidator<RejectEverything>();
        using var provider = services.BuildServiceProvider();

        var registry = provider.GetRequiredService<InstanceConfigurationRegistry>();
        Assert.True(registry.TryGet("greeting", out var greeting));
        Assert.Equal(["rejected"], greeting.Bind("""{"greeting":"Hej"}""").Errors["greeting"]);
    }

    private static ServiceCollection Services()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddFlows();
        services.AddFlowInstances(o =>
        {
            o.Keys["test"] = Convert.ToBase64String(new byte[32]);
            o.ActiveKeyId = "test";
        });
        return services;
    }

    private sealed class RejectEverything : IInstanceConfigurationValidator<GreetingConfig>
    {
        public void Validate(string flowName, GreetingConfig configuration, InstanceValidationErrors errors) => errors.Add("greeting", "rejected");
    }
}
