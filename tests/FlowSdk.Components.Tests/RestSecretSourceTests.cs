using FlowSdk.Components.Rest;
using Microsoft.Extensions.DependencyInjection;

namespace FlowSdk.Components.Tests;

public sealed class RestSecretSourceTests
{
    [Fact]
    public async Task The_default_secret_source_says_what_to_register_when_instances_hosting_is_absent()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddFlowRestClient();
        await using var provider = services.BuildServiceProvider();
        var source = provider.GetRequiredService<IFlowSecretSource>();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => source.GetSecretAsync("acme", "api-key", CancellationToken.None).AsTask());

        Assert.Contains("AddFlowInstancesHosting", error.Message, StringComparison.Ordinal);
        Assert.Contains("IFlowSecretSource", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_secret_source_registered_first_is_kept()
    {
        var secrets = new RestTestSecrets();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IFlowSecretSource>(secrets);
        services.AddFlowRestClient();
        services.AddFlowRestClient("second");
        await using var provider = services.BuildServiceProvider();

        Assert.Same(secrets, provider.GetRequiredService<IFlowSecretSource>());
        Assert.Same(provider.GetRequiredService<RestClient>(), provider.GetRequiredService<RestClient>());
    }
}
