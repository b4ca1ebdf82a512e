using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FlowSdk.Hosting.Tests;

/// <summary><c>FlowWebhookOptions.Signature</c>: the attribute's value, overridden by <c>Flows:{name}:Webhook:Signature</c>.</summary>
public sealed class WebhookSignatureOptionsTests
{
    [Fact]
    public void The_attribute_gives_the_default_and_no_attribute_value_means_Standard_Webhooks()
    {
        using var provider = Provider(new Dictionary<string, string?>());
        var options = provider.GetRequiredService<IOptionsMonitor<FlowOptions>>();

        Assert.Equal(WebhookSignature.GitHub, options.Get("hook-github").Webhook.Signature);
        Assert.Equal(WebhookSignature.StandardWebhooks, options.Get("hook-typed").Webhook.Signature);
    }

    [Theory]
    [InlineData("hook-github", "stripe", WebhookSignature.Stripe)]
    [InlineData("hook-github", " STANDARDWEBHOOKS ", WebhookSignature.StandardWebhooks)]
    [InlineData("hook-typed", "Slack", WebhookSignature.Slack)]
    [InlineData("hook-typed", "custom", WebhookSignature.Custom)]
    public void Configuration_overrides_the_attribute_by_name_ignoring_case(string flow, string value, WebhookSignature expected)
    {
        using var provider = Provider(new Dictionary<string, string?> { [$"Flows:{flow}:Webhook:Signature"] = value });

        Assert.Equal(expected, provider.GetRequiredService<IOptionsMonitor<FlowOptions>>().Get(flow).Webhook.Signature);
    }

    [Theory]
    [InlineData("Hmac")]
    [InlineData("2")] // a number names no scheme, even one that happens to be a member's value
    public void An_unknown_name_fails_naming_the_flow_the_setting_and_the_choices(string value)
    {
        using var provider = Provider(new Dictionary<string, string?> { ["Flows:hook-github:Webhook:Signature"] = value });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptionsMonitor<FlowOptions>>().Get("hook-github"));

        Assert.Equal("hook-github", error.OptionsName);
        Assert.Contains("Flows:hook-github:Webhook:Signature", error.Message, StringComparison.Ordinal);
        Assert.Contains("StandardWebhooks, GitHub, Stripe, Slack, Shopify, FlowSdk, Custom", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_outside_the_enum_set_in_code_fails_validation()
    {
        var services = Services(new Dictionary<string, string?>());
        services.Configure<FlowOptions>("hook-typed", o => o.Webhook.Signature = (WebhookSignature)42);
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptionsMonitor<FlowOptions>>().Get("hook-typed"));

        Assert.Contains("Flow 'hook-typed': Webhook:Signature must be one of", error.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Provider(Dictionary<string, string?> configuration) => Services(configuration).BuildServiceProvider();

    private static ServiceCollection Services(Dictionary<string, string?> configuration)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(configuration).Build());
        services.AddSingleton(new Probe());
        services.AddTestFlow<GitHubHookFlow, WebhookRequest, WebhookRequest>(GitHubHookFlow.Definition);
        services.AddTestFlow<TypedHookFlow, Customer, Customer>(TypedHookFlow.Definition);
        return services;
    }
}
