using System.Security.Cryptography;
using System.Text;
using FlowSdk.Instances;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace FlowSdk.Instances.Tests;

/// <summary>
/// The one suite every store must pass. Each test gets a fresh, empty database (a new SQLite file, a new PostgreSQL
/// schema); <see cref="CreateStoreAsync"/> opens another store object on the same database, as a second node would.
/// </summary>
public abstract partial class FlowStoreTests : IAsyncLifetime
{
    private readonly List<SqlFlowStore> _stores = [];

    protected SqlFlowStore Store { get; private set; } = null!;

    /// <summary>Prepares the empty database for this test.</summary>
    protected abstract Task CreateDatabaseAsync();

    /// <summary>Opens a store on this test's database.</summary>
    protected abstract SqlFlowStore OpenStore(ISecretProtector protector, TimeProvider timeProvider, ExecutionHistoryOptions history);

    /// <summary>Reads the secrets column of an instance exactly as stored.</summary>
    protected abstract Task<string> ReadStoredSecretsAsync(string instanceId);

    /// <summary>Removes this test's database.</summary>
    protected abstract Task DropDatabaseAsync();

    /// <summary>Runs a statement on this test's database directly, creating the database if it does not exist yet.</summary>
    protected abstract Task ExecuteSqlAsync(string sql);

    public async Task InitializeAsync()
    {
        await CreateDatabaseAsync();
        Store = CreateStore();
    }

    public async Task DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }

        await DropDatabaseAsync();
    }

    protected SqlFlowStore CreateStore(TimeProvider? timeProvider = null, ExecutionHistoryOptions? history = null, ISecretProtector? protector = null)
    {
        var store = OpenStore(protector ?? TestSecrets.CreateProtector(), timeProvider ?? TimeProvider.System, history ?? new ExecutionHistoryOptions());
        _stores.Add(store);
        return store;
    }

    private static InstanceDeployment Deployment(string id, string flow = "customer-sync", bool enabled = true) => new()
    {
        Id = id,
        FlowName = flow,
        Customer = "Customer " + id,
        Enabled = enabled,
        ConfigurationJson = """{"targetUrl":"https://crm.example/""" + id + "\"}",
        ConfigurationType = "Tests.CustomerSyncConfig",
        Secrets = new Dictionary<string, string> { ["token"] = "tok-" + id + "-s3cr3t", ["apiKey"] = "key-" + id },
        Schedule = "*/5 * * * *",
    };

    [Fact]
    public async Task Deploy_then_get_returns_every_field_and_secret_names_only()
    {
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        var deployed = await Store.DeployAsync(Deployment("acme"));
        var read = await Store.GetAsync("acme");

        Assert.NotNull(read);
        Assert.Equal("acme", read.Id);
        Assert.Equal("customer-sync", read.FlowName);
        Assert.Equal("Customer acme", read.Customer);
        Assert.True(read.Enabled);
        Assert.Equal("""{"targetUrl":"https://crm.example/acme"}""", read.ConfigurationJson);
        Assert.Equal("Tests.CustomerSyncConfig", read.ConfigurationType);
        Assert.Equal(["apiKey", "token"], read.SecretNames);
        Assert.Equal("*/5 * * * *", read.Schedule);
        Assert.InRange(read.CreatedAt, before, DateTimeOffset.UtcNow.AddSeconds(1));
        Assert.Equal(read.CreatedAt, read.UpdatedAt);
        Assert.True(read.Version > 0);
        Assert.Equal(deployed.Version, read.Version);
    }

    [Fact]
    public async Task Get_of_an_unknown_instance_is_null()
    {
        Assert.Null(await Store.GetAsync("nobody"));
        Assert.Null(await Store.GetSecretsAsync("nobody"));
    }

    [Fact]
    public async Task Deploying_an_id_in_use_is_a_conflict()
    {
        await Store.DeployAsync(Deployment("acme"));
        var e = await Assert.ThrowsAsync<InstanceConflictException>(() => Store.DeployAsync(Deployment("acme", flow: "other-flow")));
        Assert.Equal("acme", e.InstanceId);
        Assert.Equal("customer-sync", (await Store.GetAsync("acme"))!.FlowName);
    }

    [Fact]
    public async Task Secrets_are_encrypted_at_rest_and_decrypt_for_the_instance()
    {
        await Store.DeployAsync(Deployment("acme"));

        var stored = await ReadStoredSecretsAsync("acme");
        Assert.DoesNotContain("tok-acme-s3cr3t", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("key-acme", stored, StringComparison.Ordinal);
        Assert.Contains("v1.test.", stored, StringComparison.Ordinal);

        var secrets = await Store.GetSecretsAsync("acme");
        Assert.NotNull(secrets);
        Assert.Equal("tok-acme-s3cr3t", secrets.GetValue("token"));
        Assert.Equal("key-acme", secrets.GetValue("apiKey"));
        Assert.DoesNotContain("s3cr3t", secrets.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_filters_by_flow_and_enabled_and_pages_by_id()
    {
        for (var i = 0; i < 5; i++)
        {
            await Store.DeployAsync(Deployment($"a-{i}", enabled: i % 2 == 0));
        }

        await Store.DeployAsync(Deployment("b-0", flow: "order-sync"));

        var all = await Store.ListAsync(new InstanceQuery());
        Assert.Equal(["a-0", "a-1", "a-2", "a-3", "a-4", "b-0"], all.Select(i => i.Id));
        var sync = await Store.ListAsync(new InstanceQuery { FlowName = "customer-sync" });
        Assert.Equal(5, sync.Count);
        var disabled = await Store.ListAsync(new InstanceQuery { FlowName = "customer-sync", Enabled = false });
        Assert.Equal(["a-1", "a-3"], disabled.Select(i => i.Id));
        var page1 = await Store.ListAsync(new InstanceQuery { Limit = 2 });
        var page2 = await Store.ListAsync(new InstanceQuery { Limit = 2, AfterId = page1[^1].Id });
        Assert.Equal(["a-0", "a-1"], page1.Select(i => i.Id));
        Assert.Equal(["a-2", "a-3"], page2.Select(i => i.Id));
    }

    [Fact]
    public async Task Update_replaces_fields_merges_secrets_and_moves_the_version()
    {
        var deployed = await Store.DeployAsync(Deployment("acme"));
        var updated = await Store.UpdateAsync("acme", new InstanceUpdate
        {
            Customer = "ACME Corp",
            ConfigurationJson = """{"targetUrl":"https://new.example/"}""",
            ConfigurationType = "Tests.CustomerSyncConfig",
            Secrets = new Dictionary<string, string?> { ["token"] = "rotated-token", ["apiKey"] = null, ["webhook"] = "hmac-key" },
            Schedule = null,
        }, expectedVersion: deployed.Version);

        Assert.True(updated.Version > deployed.Version);
        Assert.Equal("ACME Corp", updated.Customer);
        Assert.Equal("""{"targetUrl":"https://new.example/"}""", updated.ConfigurationJson);
        Assert.Null(updated.Schedule);
        Assert.Equal(["token", "webhook"], updated.SecretNames);
        Assert.Equal(deployed.CreatedAt, updated.CreatedAt);
        var secrets = await Store.GetSecretsAsync("acme");
        Assert.Equal("rotated-token", secrets!.GetValue("token"));
        Assert.Equal("hmac-key", secrets.GetValue("webhook"));
        Assert.False(secrets.TryGetValue("apiKey", out _));
    }

    [Fact]
    public async Task Update_checks_existence_and_the_expected_version()
    {
        var deployed = await Store.DeployAsync(Deployment("acme"));
        await Store.SetEnabledAsync("acme", false);

        var stale = await Assert.ThrowsAsync<InstanceVersionMismatchException>(() =>
            Store.UpdateAsync("acme", new InstanceUpdate { Customer = "x" }, expectedVersion: deployed.Version));
        Assert.Equal(deployed.Version, stale.ExpectedVersion);
        Assert.Equal("Customer acme", (await Store.GetAsync("acme"))!.Customer);
        await Assert.ThrowsAsync<InstanceNotFoundException>(() => Store.UpdateAsync("nobody", new InstanceUpdate()));
    }

    [Fact]
    public async Task Enable_and_disable_toggle_and_setting_the_same_state_changes_nothing()
    {
        var deployed = await Store.DeployAsync(Deployment("acme"));
        var same = await Store.SetEnabledAsync("acme", true);
        Assert.Equal(deployed.Version, same.Version);

        var disabled = await Store.SetEnabledAsync("acme", false, expectedVersion: deployed.Version);
        Assert.False(disabled.Enabled);
        Assert.True(disabled.Version > deployed.Version);
        Assert.False((await Store.GetAsync("acme"))!.Enabled);

        var enabled = await Store.SetEnabledAsync("acme", true);
        Assert.True(enabled.Enabled);
        await Assert.ThrowsAsync<InstanceVersionMismatchException>(() => Store.SetEnabledAsync("acme", false, expectedVersion: deployed.Version));
        await Assert.ThrowsAsync<InstanceNotFoundException>(() => Store.SetEnabledAsync("nobody", false));
    }

    [Fact]
    public async Task Delete_removes_the_instance_and_its_secrets()
    {
        var deployed = await Store.DeployAsync(Deployment("acme"));
        await Assert.ThrowsAsync<InstanceVersionMismatchException>(() => Store.DeleteAsync("acme", expectedVersion: deployed.Version + 1000));

        Assert.True(await Store.DeleteAsync("acme", expectedVersion: deployed.Version));
        Assert.Null(await Store.GetAsync("acme"));
        Assert.Null(await Store.GetSecretsAsync("acme"));
        Assert.False(await Store.DeleteAsync("acme"));
    }

    [Fact]
    public async Task The_change_feed_reports_deploys_updates_and_deletes_in_version_order()
    {
        var start = await Store.GetVersionAsync();
        var a = await Store.DeployAsync(Deployment("a"));
        var b = await Store.DeployAsync(Deployment("b"));
        var a2 = await Store.SetEnabledAsync("a", false);
        await Store.DeleteAsync("b");
        var c = await Store.DeployAsync(Deployment("c"));

        Assert.True(start < a.Version && a.Version < b.Version && b.Version < a2.Version && a2.Version < c.Version);
        var set = await Store.GetChangesAsync(start);
        Assert.False(set.HasMore);
        Assert.Equal(await Store.GetVersionAsync(), set.Version);
        Assert.Collection(
            set.Changes,
            change => { Assert.Equal("a", change.InstanceId); Assert.False(change.Instance!.Enabled); },
            change => { Assert.Equal("b", change.InstanceId); Assert.True(change.IsDeleted); Assert.Equal("customer-sync", change.FlowName); },
            change => { Assert.Equal("c", change.InstanceId); Assert.Equal(c.Version, change.Version); });

        var none = await Store.GetChangesAsync(set.Version);
        Assert.Empty(none.Changes);
        Assert.Equal(set.Version, none.Version);
    }

    [Fact]
    public async Task The_change_feed_pages_and_a_redeploy_replaces_a_deletion()
    {
        var start = await Store.GetVersionAsync();
        await Store.DeployAsync(Deployment("x"));
        await Store.DeleteAsync("x");
        await Store.DeployAsync(Deployment("x"));
        await Store.DeployAsync(Deployment("y"));
        await Store.DeployAsync(Deployment("z"));

        var first = await Store.GetChangesAsync(start, limit: 2);
        Assert.True(first.HasMore);
        Assert.Equal(["x", "y"], first.Changes.Select(c => c.InstanceId));
        Assert.False(first.Changes[0].IsDeleted);
        var second = await Store.GetChangesAsync(first.Version, limit: 2);
        Assert.False(second.HasMore);
        Assert.Equal(["z"], second.Changes.Select(c => c.InstanceId));
    }

    [Fact]
    public async Task Concurrent_deploys_from_two_nodes_all_land_with_distinct_versions()
    {
        var other = CreateStore();
        await Store.InitializeAsync();
        await other.InitializeAsync();
        var tasks = Enumerable.Range(0, 20).Select(i => (i % 2 == 0 ? Store : other).DeployAsync(Deployment($"n-{i:00}")));
        var deployed = await Task.WhenAll(tasks);

        Assert.Equal(20, deployed.Select(d => d.Version).Distinct().Count());
        var changes = await Store.GetChangesAsync(0, limit: 100);
        Assert.Equal(20, changes.Changes.Count);
        Assert.Equal(deployed.Select(d => d.Version).Order(), changes.Changes.Select(c => c.Version));
    }

    [Fact]
    public async Task Another_node_sees_deploy_update_and_delete_after_one_poll_interval()
    {
        // The catalog's clock is fake: each change must be visible after exactly one poll tick (250 ms by default),
        // which is what keeps a node within a second of the store whatever the machine's load.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var options = new InstanceCatalogOptions();
        using var catalog = new InstanceCatalog(CreateStore(), Options.Create(options), clock, NullLogger<InstanceCatalog>.Instance);
        await catalog.StartAsync(CancellationToken.None);
        try
        {
            async Task SeenAfterOneTick(long version)
            {
                clock.Advance(options.PollInterval);
                await catalog.WaitForVersionAsync(version).WaitAsync(TimeSpan.FromSeconds(30));
            }

            var deployed = await Store.DeployAsync(Deployment("acme"));
            await SeenAfterOneTick(deployed.Version);
            Assert.True(catalog.TryGet("acme", out var seen) && seen.Enabled);

            var disabled = await Store.SetEnabledAsync("acme", false);
            await SeenAfterOneTick(disabled.Version);
            Assert.True(catalog.TryGet("acme", out seen) && !seen.Enabled);

            await Store.DeployAsync(Deployment("globex"));
            await Store.DeleteAsync("acme");
            await SeenAfterOneTick(await Store.GetVersionAsync());
            Assert.False(catalog.TryGet("acme", out _));
            Assert.Equal(["globex"], catalog.GetByFlow("customer-sync").Select(i => i.Id));
            Assert.Equal(1, catalog.Count);
        }
        finally
        {
            await catalog.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task Another_node_picks_up_changes_on_its_own_timer()
    {
        using var catalog = new InstanceCatalog(CreateStore(), Options.Create(new InstanceCatalogOptions()), TimeProvider.System, NullLogger<InstanceCatalog>.Instance);
        var changed = new TaskCompletionSource<InstanceChangeSet>(TaskCreationOptions.RunContinuationsAsynchronously);
        catalog.Changed += (_, set) => changed.TrySetResult(set);
        await catalog.StartAsync(CancellationToken.None);
        try
        {
            var deployed = await Store.DeployAsync(Deployment("acme"));

            // A hang guard only; the deterministic bound is the one-tick test above.
            var set = await changed.Task.WaitAsync(TimeSpan.FromSeconds(60));
            Assert.Equal("acme", Assert.Single(set.Changes).InstanceId);
            Assert.Equal(deployed.Version, catalog.Version);
        }
        finally
        {
            await catalog.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task History_records_a_start_then_its_end_and_queries_by_every_filter()
    {
        var t0 = DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_000);
        var failedId = Guid.NewGuid();
        await Store.RecordAsync(new ExecutionRecord { ExecutionId = failedId, InstanceId = "acme", FlowName = "customer-sync", Trigger = "webhook", StartedAt = t0, Outcome = ExecutionOutcome.Running });
        Assert.Equal(ExecutionOutcome.Running, (await Store.GetExecutionAsync(failedId))!.Outcome);

        await Store.RecordAsync(new ExecutionRecord
        {
            ExecutionId = failedId, InstanceId = "acme", FlowName = "customer-sync", Trigger = "webhook", StartedAt = t0,
            EndedAt = t0.AddMilliseconds(250), Outcome = ExecutionOutcome.Failed, FailedStep = "Push", Error = "HttpRequestException: 503",
        });
        for (var i = 1; i <= 3; i++)
        {
            await Store.RecordAsync(new ExecutionRecord
            {
                ExecutionId = Guid.NewGuid(), InstanceId = i == 3 ? "globex" : "acme", FlowName = i == 2 ? "order-sync" : "customer-sync",
                Trigger = "schedule", StartedAt = t0.AddMinutes(i), EndedAt = t0.AddMinutes(i).AddSeconds(1), Outcome = ExecutionOutcome.Completed,
            });
        }

        var failed = await Store.GetExecutionAsync(failedId);
        Assert.NotNull(failed);
        Assert.Equal(ExecutionOutcome.Failed, failed.Outcome);
        Assert.Equal("Push", failed.FailedStep);
        Assert.Equal("HttpRequestException: 503", failed.Error);
        Assert.Equal(t0, failed.StartedAt);
        Assert.Equal(t0.AddMilliseconds(250), failed.EndedAt);
        Assert.Equal("webhook", failed.Trigger);

        Assert.Equal(3, (await Store.QueryAsync(new ExecutionQuery { InstanceId = "acme" })).Count);
        Assert.Equal(3, (await Store.QueryAsync(new ExecutionQuery { FlowName = "customer-sync" })).Count);
        Assert.Equal([failedId], (await Store.QueryAsync(new ExecutionQuery { Outcome = ExecutionOutcome.Failed })).Select(r => r.ExecutionId));
        var window = await Store.QueryAsync(new ExecutionQuery { From = t0.AddMinutes(1), To = t0.AddMinutes(3) });
        Assert.Equal([t0.AddMinutes(2), t0.AddMinutes(1)], window.Select(r => r.StartedAt));
        var newest = await Store.QueryAsync(new ExecutionQuery { Limit = 1 });
        Assert.Equal("globex", Assert.Single(newest).InstanceId);
    }

    [Fact]
    public async Task Pruning_drops_old_executions_and_keeps_the_newest_per_instance()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_000));
        var store = CreateStore(clock, new ExecutionHistoryOptions { MaxAge = TimeSpan.FromDays(7), MaxPerInstance = 3 });
        var now = clock.GetUtcNow();
        async Task Record(string instance, DateTimeOffset at) => await store.RecordAsync(new ExecutionRecord
        {
            ExecutionId = Guid.NewGuid(), InstanceId = instance, FlowName = "customer-sync", Trigger = "schedule", StartedAt = at, Outcome = ExecutionOutcome.Completed,
        });

        await Record("acme", now.AddDays(-8));
        for (var i = 0; i < 5; i++)
        {
            await Record("acme", now.AddHours(-i));
        }

        await Record("globex", now.AddDays(-1));

        var deleted = await store.PruneAsync();

        Assert.Equal(3, deleted);
        var acme = await store.QueryAsync(new ExecutionQuery { InstanceId = "acme" });
        Assert.Equal([now, now.AddHours(-1), now.AddHours(-2)], acme.Select(r => r.StartedAt));
        Assert.Single(await store.QueryAsync(new ExecutionQuery { InstanceId = "globex" }));
    }

    [Fact]
    public async Task Dead_letters_keep_the_payload_query_by_instance_and_time_and_count_replays()
    {
        var t0 = DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_000);
        var payload = Encoding.UTF8.GetBytes("""{"email":"ada@example.com","name":"Ada"}""");
        var letter = new DeadLetter
        {
            Id = Guid.NewGuid(), ExecutionId = Guid.NewGuid(), InstanceId = "acme", FlowName = "customer-sync", Trigger = "webhook",
            PayloadType = "Tests.CustomerCreated", ContentType = "application/json", Payload = payload, FailedStep = "Push",
            Error = "HttpRequestException: 500", CreatedAt = t0,
        };
        await Store.AddDeadLetterAsync(letter);
        await Store.AddDeadLetterAsync(new DeadLetter
        {
            Id = Guid.NewGuid(), ExecutionId = Guid.NewGuid(), InstanceId = "globex", FlowName = "customer-sync", Trigger = "channel",
            Payload = new byte[] { 0, 1, 2, 255 }, CreatedAt = t0.AddMinutes(5),
        });

        var read = await Store.GetDeadLetterAsync(letter.Id);
        Assert.NotNull(read);
        Assert.Equal(payload, read.Payload.ToArray());
        Assert.Equal("application/json", read.ContentType);
        Assert.Equal("Tests.CustomerCreated", read.PayloadType);
        Assert.Equal("Push", read.FailedStep);
        Assert.Equal(letter.ExecutionId, read.ExecutionId);
        Assert.Equal(t0, read.CreatedAt);
        Assert.Equal(0, read.ReplayCount);

        Assert.Equal([letter.Id], (await Store.QueryDeadLettersAsync(new DeadLetterQuery { InstanceId = "acme" })).Select(l => l.Id));
        var later = Assert.Single(await Store.QueryDeadLettersAsync(new DeadLetterQuery { From = t0.AddMinutes(1) }));
        Assert.Equal(new byte[] { 0, 1, 2, 255 }, later.Payload.ToArray());
        Assert.Equal(2, (await Store.QueryDeadLettersAsync(new DeadLetterQuery { FlowName = "customer-sync" })).Count);

        Assert.True(await Store.MarkReplayedAsync(letter.Id, t0.AddHours(1)));
        Assert.True(await Store.MarkReplayedAsync(letter.Id, t0.AddHours(2)));
        var replayed = await Store.GetDeadLetterAsync(letter.Id);
        Assert.Equal(2, replayed!.ReplayCount);
        Assert.Equal(t0.AddHours(2), replayed.LastReplayedAt);
        Assert.False(await Store.MarkReplayedAsync(Guid.NewGuid(), t0));

        Assert.True(await Store.DeleteDeadLetterAsync(letter.Id));
        Assert.Null(await Store.GetDeadLetterAsync(letter.Id));
        Assert.False(await Store.DeleteDeadLetterAsync(letter.Id));
    }

    [Fact]
    public async Task Secrets_written_under_one_key_stay_readable_after_rotating_to_another()
    {
        await Store.DeployAsync(Deployment("acme"));
        var rotated = new SecretProtectionOptions { ActiveKeyId = "next" };
        rotated.Keys["test"] = TestSecrets.Key;
        rotated.Keys["next"] = AesGcmSecretProtector.GenerateKey();
        var store = CreateStore(protector: new AesGcmSecretProtector(Options.Create(rotated)));

        await store.UpdateAsync("acme", new InstanceUpdate { Secrets = new Dictionary<string, string?> { ["token"] = "new-token" } });

        var secrets = await store.GetSecretsAsync("acme");
        Assert.Equal("new-token", secrets!.GetValue("token"));
        Assert.Equal("key-acme", secrets.GetValue("apiKey"));
        var stored = await ReadStoredSecretsAsync("acme");
        Assert.Contains("v1.next.", stored, StringComparison.Ordinal);
        Assert.Contains("v1.test.", stored, StringComparison.Ordinal);
        await Assert.ThrowsAsync<CryptographicException>(() => CreateStore(protector: CreateProtectorWithoutTestKey()).GetSecretsAsync("acme"));
    }

    private static AesGcmSecretProtector CreateProtectorWithoutTestKey()
    {
        var options = new SecretProtectionOptions { ActiveKeyId = "other" };
        options.Keys["other"] = AesGcmSecretProtector.GenerateKey();
        return new AesGcmSecretProtector(Options.Create(options));
    }
}
