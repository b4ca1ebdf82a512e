using FlowSdk.Components.Connections;
using FlowSdk.Instances;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace FlowSdk.Connections.Tests;

/// <summary>
/// Connections on nodes without the management API: each node is a service provider with store objects of its own on
/// one database, so two of them compete for a refresh as two processes do.
/// </summary>
public sealed class NodeTests : IAsyncLifetime
{
    // Registered with the server as the client's redirect target; the tests read the code from the redirect and never follow it.
    private static readonly Uri Callback = new("http://127.0.0.1:9/manage/connections/callback");

    private readonly FakeTimeProvider _time = ConnectionHost.NewClock();
    private readonly LogSink _logs = new();
    private readonly List<ServiceProvider> _nodes = [];
    private AuthorizationServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await AuthorizationServer.StartAsync();
        await _server.RegisterClientsAsync(Callback);
    }

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }

        await _server.DisposeAsync();
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Two_nodes_that_need_a_refresh_at_once_refresh_once(string engine)
    {
        await using var database = await StoreEngine.CreateAsync(engine);
        var one = Node(database);
        var two = Node(database);
        await GrantAsync(one, "acme");
        var managers = new[] { one, two }.Select(n => n.GetRequiredService<FlowConnectionManager>()).ToArray();
        var first = await managers[1].GetAccessTokenAsync(ConnectionHost.FlowName, "acme", "crm");
        Assert.Equal(0, _server.TokenRequests("refresh_token"));

        // Both nodes, two callers each, find the token inside the skew at the same moment.
        _time.Advance(TimeSpan.FromMinutes(59.5));
        using var start = new ManualResetEventSlim();
        var callers = Enumerable.Range(0, 4).Select(i => Task.Run(async () =>
        {
            start.Wait();
            return await managers[i % 2].GetAccessTokenAsync(ConnectionHost.FlowName, "acme", "crm");
        })).ToArray();
        start.Set();
        var tokens = await Task.WhenAll(callers);

        Assert.Equal(1, _server.TokenRequests("refresh_token"));
        Assert.Single(tokens.Distinct());
        Assert.NotEqual(first, tokens[0]);

        // The node that lost the race hands out the winner's token, and the API takes it.
        var flow = two.GetRequiredService<CrmSyncFlow>();
        var result = await flow.RunAsync("alice", new FlowContext(ConnectionHost.FlowName, "acme"));
        Assert.Equal(FlowOutcome.Completed, result.Outcome);
        Assert.Equal(tokens[0], _server.BearerTokens.Last());
        var stored = await two.GetRequiredService<IFlowConnectionStore>().GetConnectionAsync("acme", "crm");
        Assert.Equal(FlowConnectionState.Connected, stored!.Connection.State);
        Assert.Null(stored.Connection.LastError);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_node_that_read_the_tokens_before_another_refreshed_them_takes_no_lease(string engine)
    {
        await using var database = await StoreEngine.CreateAsync(engine);
        var one = Node(database);
        await GrantAsync(one, "acme");
        var store = one.GetRequiredService<IFlowConnectionStore>();
        var seen = (await store.GetConnectionAsync("acme", "crm"))!;

        // Node A refreshes and gives the lease back between node B's read and node B's attempt on the lease.
        var now = _time.GetUtcNow();
        Assert.True(await store.TryTakeRefreshLeaseAsync("acme", "crm", seen.Connection.Version, "node-a", now, now.AddSeconds(30)));
        var leased = (await store.GetConnectionAsync("acme", "crm"))!;
        Assert.True(await store.CompleteRefreshAsync("acme", "crm", "node-a", new ConnectionTokens("fresh", "fresh-refresh"), now.AddHours(1), null));

        // Node B's read is stale: refreshing with the refresh token it holds would spend a used token.
        Assert.False(await store.TryTakeRefreshLeaseAsync("acme", "crm", seen.Connection.Version, "node-b", now, now.AddSeconds(30)));
        Assert.False(await store.TryTakeRefreshLeaseAsync("acme", "crm", leased.Connection.Version, "node-b", now, now.AddSeconds(30)));
        var current = (await store.GetConnectionAsync("acme", "crm"))!;
        Assert.Equal("fresh", current.Tokens!.AccessToken);
        Assert.True(await store.TryTakeRefreshLeaseAsync("acme", "crm", current.Connection.Version, "node-b", now, now.AddSeconds(30)));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_client_credentials_connection_gets_a_token_with_the_instance_client_and_caches_it(string engine)
    {
        await using var database = await StoreEngine.CreateAsync(engine);
        var node = Node(database);
        await node.GetRequiredService<IInstanceStore>().DeployAsync(ConnectionHost.Deployment("acme"));
        var connections = node.GetRequiredService<IFlowConnections>();
        var context = new FlowContext(ConnectionHost.FlowName, "acme");

        var token = await connections.GetAccessTokenAsync(context, "batch");
        Assert.Equal(token, await connections.GetAccessTokenAsync(context, "batch"));
        using (var client = connections.GetClient(context, "batch"))
        {
            var answer = await client.PostAsync(_server.ApiUri, new StringContent("bulk"));
            Assert.Equal($"{AuthorizationServer.BatchClientId}:bulk", await answer.Content.ReadAsStringAsync());
        }

        Assert.Equal(1, _server.TokenRequests("client_credentials"));
        Assert.Equal(token, _server.BearerTokens.Last());
        var raw = (string?)await database.ScalarAsync("SELECT access_token FROM flowsdk_connections WHERE instance_id = 'acme' AND connection = 'batch'");
        Assert.StartsWith("v1.k1.", raw, StringComparison.Ordinal);
        Assert.DoesNotContain(token, raw!, StringComparison.Ordinal);

        // Near its expiry a new token is asked for; no consent is ever involved.
        _time.Advance(TimeSpan.FromMinutes(59.5));
        Assert.NotEqual(token, await connections.GetAccessTokenAsync(context, "batch"));
        Assert.Equal(2, _server.TokenRequests("client_credentials"));
    }

    [Fact]
    public async Task A_refused_client_fails_clearly_without_its_secret_and_keeps_the_connection()
    {
        await using var database = await StoreEngine.CreateAsync("sqlite");
        var node = Node(database);
        const string wrongSecret = "not-the-batch-secret-7f3a9c";
        await node.GetRequiredService<IInstanceStore>().DeployAsync(new InstanceDeployment
        {
            Id = "beta",
            FlowName = ConnectionHost.FlowName,
            Secrets = new Dictionary<string, string> { ["batch-client-id"] = AuthorizationServer.BatchClientId, ["batch-client-secret"] = wrongSecret },
        });
        var manager = node.GetRequiredService<FlowConnectionManager>();

        var error = await Assert.ThrowsAsync<FlowConnectionException>(async () => await manager.GetAccessTokenAsync(ConnectionHost.FlowName, "beta", "batch"));
        Assert.False(error.NeedsConsent);
        Assert.True(error.Message.StartsWith("Flow 'crm-sync', instance 'beta': connection 'batch' could not get a token (invalid_client", StringComparison.Ordinal), error.Message);
        Assert.Contains("Flows:crm-sync:Connections:batch", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(wrongSecret, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(_logs.Lines, line => line.Contains(wrongSecret, StringComparison.Ordinal));

        var listed = Assert.Single(await manager.ListAsync("beta"), c => c.Name == "batch");
        Assert.Equal(FlowConnectionState.Connected, listed.State); // not a grant problem: nothing to consent to
        Assert.Contains("invalid_client", listed.LastError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Deleting_an_instance_deletes_its_connections(string engine)
    {
        await using var database = await StoreEngine.CreateAsync(engine);
        var node = Node(database);
        await GrantAsync(node, "acme");
        var store = node.GetRequiredService<IInstanceStore>();
        var connections = node.GetRequiredService<IFlowConnectionStore>();
        Assert.Single(await connections.ListConnectionsAsync("acme"));

        Assert.True(await store.DeleteAsync("acme"));
        Assert.Empty(await connections.ListConnectionsAsync("acme"));
        Assert.Equal(0L, Convert.ToInt64(await database.ScalarAsync("SELECT COUNT(*) FROM flowsdk_connections")));

        // A new deployment under the same id starts without the old grant.
        await store.DeployAsync(ConnectionHost.Deployment("acme"));
        var manager = node.GetRequiredService<FlowConnectionManager>();
        Assert.Equal(FlowConnectionState.NeedsConsent, Assert.Single(await manager.ListAsync("acme"), c => c.Name == "crm").State);
        var error = await Assert.ThrowsAsync<FlowConnectionException>(async () => await manager.GetAccessTokenAsync(ConnectionHost.FlowName, "acme", "crm"));
        Assert.True(error.NeedsConsent);
    }

    [Fact]
    public async Task Tokens_that_no_longer_decrypt_make_the_connection_need_consent()
    {
        await using var database = await StoreEngine.CreateAsync("sqlite");
        var node = Node(database);
        await GrantAsync(node, "acme");

        // Each token is bound to its instance, connection and kind: swapped, neither decrypts.
        await database.ExecuteAsync("UPDATE flowsdk_connections SET access_token = refresh_token, refresh_token = access_token");
        var error = await Assert.ThrowsAsync<FlowConnectionException>(async () =>
            await node.GetRequiredService<FlowConnectionManager>().GetAccessTokenAsync(ConnectionHost.FlowName, "acme", "crm"));
        Assert.True(error.NeedsConsent);
        Assert.Contains("do not decrypt with the configured keys", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, _server.TokenRequests("refresh_token"));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_grant_made_under_a_rotated_key_keeps_working_once_the_old_key_is_removed(string engine)
    {
        await using var database = await StoreEngine.CreateAsync(engine);
        var underOld = Node(database);
        await GrantAsync(underOld, "acme");
        var token = await underOld.GetRequiredService<FlowConnectionManager>().GetAccessTokenAsync(ConnectionHost.FlowName, "acme", "crm");

        // Rotation: the new key active beside the old, a re-encryption, then the old key removed.
        var bothKeys = Node(database, secrets =>
        {
            secrets.Keys["k1"] = ConnectionHost.SecretKey;
            secrets.Keys["k2"] = ConnectionHost.NextSecretKey;
            secrets.ActiveKeyId = "k2";
        });
        var result = await bothKeys.GetRequiredService<ISecretReEncryptor>().ReEncryptSecretsAsync();
        Assert.Equal((1, 0, 0), (result.ConnectionsReEncrypted, result.ConnectionsAlreadyCurrent, result.ConnectionsFailed));
        var raw = (string?)await database.ScalarAsync("SELECT refresh_token FROM flowsdk_connections WHERE instance_id = 'acme' AND connection = 'crm'");
        Assert.StartsWith("v1.k2.", raw, StringComparison.Ordinal);

        var onlyNew = Node(database, secrets =>
        {
            secrets.Keys["k2"] = ConnectionHost.NextSecretKey;
            secrets.ActiveKeyId = "k2";
        });
        var run = await onlyNew.GetRequiredService<CrmSyncFlow>().RunAsync("alice", new FlowContext(ConnectionHost.FlowName, "acme"));
        Assert.Equal(FlowOutcome.Completed, run.Outcome);
        Assert.Equal(token, _server.BearerTokens.Last());

        // The refresh token decrypts too: near its expiry the connection refreshes under the new key, with no consent.
        _time.Advance(TimeSpan.FromMinutes(59.5));
        var manager = onlyNew.GetRequiredService<FlowConnectionManager>();
        Assert.NotEqual(token, await manager.GetAccessTokenAsync(ConnectionHost.FlowName, "acme", "crm"));
        Assert.Equal(1, _server.TokenRequests("refresh_token"));
        Assert.Equal(FlowConnectionState.Connected, Assert.Single(await manager.ListAsync("acme"), c => c.Name == "crm").State);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_version_3_database_gets_the_connections_table(string engine)
    {
        await using var database = await StoreEngine.CreateAsync(engine);
        await Node(database).GetRequiredService<IInstanceStore>().DeployAsync(ConnectionHost.Deployment("acme"));
        await database.ExecuteAsync("DROP TABLE flowsdk_connections");
        await database.ExecuteAsync("UPDATE flowsdk_schema_version SET version = 3");

        // A node of this version meets the older database: it upgrades it and keeps what was there.
        var upgraded = Node(database);
        await GrantAsync(upgraded, "acme", deploy: false);
        Assert.Equal(6L, Convert.ToInt64(await database.ScalarAsync("SELECT version FROM flowsdk_schema_version")));
        Assert.Single(await upgraded.GetRequiredService<IFlowConnectionStore>().ListConnectionsAsync("acme"));
    }

    private ServiceProvider Node(StoreEngine database, Action<SecretProtectionOptions>? keys = null)
    {
        var services = new ServiceCollection();
        ConnectionHost.AddNode(services, database.Use, _server, _time, _logs, () => Callback, keys);
        var node = services.BuildServiceProvider();
        _nodes.Add(node);
        return node;
    }

    private static async Task GrantAsync(ServiceProvider node, string instanceId, bool deploy = true)
    {
        if (deploy)
        {
            await node.GetRequiredService<IInstanceStore>().DeployAsync(ConnectionHost.Deployment(instanceId));
        }

        var manager = node.GetRequiredService<FlowConnectionManager>();
        var (code, state) = ConnectionHost.CodeAndState(await ConnectionHost.AuthorizeAsync(await manager.StartConsentAsync(instanceId, "crm")));
        var connection = await manager.CompleteConsentAsync(code, state);
        Assert.Equal(FlowConnectionState.Connected, connection.State);
    }
}
