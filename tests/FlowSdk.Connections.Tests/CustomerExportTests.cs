using FlowSdk.Instances;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace FlowSdk.Connections.Tests;

/// <summary>The worked example runs end to end: system A's pages, the split, XML, and system B behind the customer's grant.</summary>
public sealed class CustomerExportTests : IAsyncLifetime
{
    private static readonly Uri Callback = new("http://127.0.0.1:9/manage/connections/callback");
    private readonly FakeTimeProvider _time = ConnectionHost.NewClock();
    private AuthorizationServer _server = null!;
    private StoreEngine _database = null!;
    private ServiceProvider _node = null!;

    public async Task InitializeAsync()
    {
        _server = await AuthorizationServer.StartAsync();
        await _server.RegisterClientsAsync(Callback);
        _database = await StoreEngine.CreateAsync("sqlite");
        var services = new ServiceCollection();
        ConnectionHost.AddNode(services, _database.Use, _server, _time, new LogSink(), () => Callback);
        services.AddSingleton<FlowRegistration>(new FlowRegistration<CustomerExportFlow, string, string>(CustomerExportFlow.Definition));
        services.Configure<FlowConnectionOptions>(options =>
        {
            var systemB = options.Connection("customer-export", "system-b");
            systemB.AuthorizeEndpoint = _server.AuthorizeEndpoint;
            systemB.TokenEndpoint = _server.TokenEndpoint;
            systemB.ClientId = AuthorizationServer.CodeClientId;
            systemB.ClientSecret = AuthorizationServer.CodeClientSecret;
        });
        services.AddFlowRestClient();
        services.AddSingleton(new ExportApis(_server.CustomersUri, _server.ApiUri));
        services.AddSingleton<CustomerExportFlow>();
        _node = services.BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        await _database.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Pages_split_transform_and_post_with_the_customers_connection()
    {
        await _node.GetRequiredService<IInstanceStore>().DeployAsync(new InstanceDeployment { Id = "acme-export", FlowName = "customer-export" });
        var manager = _node.GetRequiredService<FlowConnectionManager>();
        var flow = _node.GetRequiredService<CustomerExportFlow>();
        var context = new FlowContext("customer-export", "acme-export");

        // Before the customer grants system B, every item fails with the clear error.
        var ungranted = await flow.RunAsync("customers", context);
        Assert.Equal(5, ungranted.FailedItems);
        Assert.Empty(_server.Received);

        var (code, state) = ConnectionHost.CodeAndState(await ConnectionHost.AuthorizeAsync(await manager.StartConsentAsync("acme-export", "system-b")));
        await manager.CompleteConsentAsync(code, state);
        var result = await flow.RunAsync("customers", new FlowContext("customer-export", "acme-export"));

        Assert.Equal(5, result.CompletedItems);
        Assert.Equal(0, result.FailedItems);
        Assert.Equal(5, _server.Received.Count);
        Assert.All(_server.Received, r => Assert.StartsWith("application/xml", r.ContentType, StringComparison.Ordinal));
        Assert.Equal(
            Enumerable.Range(1, 5).Select(i => $"<customer id=\"{i}\"><name>Customer {i}</name><email>c{i}@example.com</email></customer>"),
            _server.Received.Select(r => r.Body[r.Body.IndexOf("<customer", StringComparison.Ordinal)..].Replace("\r", "").Replace("\n", "").Replace("  ", "")));
        Assert.Single(_server.BearerTokens.Distinct()); // one grant, one token for the whole run
    }
}
