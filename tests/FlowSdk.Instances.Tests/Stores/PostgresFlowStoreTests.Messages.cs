using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using FlowSdk.Hosting;
using FlowSdk.Storage.PostgreSql;
using Microsoft.Extensions.Options;
using Npgsql;
using Xunit;

namespace FlowSdk.Instances.Tests;

/// <summary>The message store where only PostgreSQL applies: several nodes claiming at the same moment.</summary>
public sealed partial class PostgresFlowStoreTests
{
    [Fact]
    public async Task Messages_stored_claimed_in_one_burst_share_an_insert()
    {
        await Store.InitializeAsync();
        var messages = Enumerable.Range(0, 100).Select(_ => Message(instance: FlowContext.DefaultInstanceId, claimFor: "node-a")).ToArray();

        var results = await Task.WhenAll(messages.Select(m => Store.AcceptAsync(m).AsTask()));

        Assert.All(results, r => Assert.Equal(MessageAcceptance.Accepted, r));

        // One insert per message before; now one per transaction, and a transaction holds what queued while others ran.
        Assert.InRange(Store.AcceptStatements, 1, Store.AcceptTransactions);
        Assert.True(Store.AcceptTransactions < messages.Length, $"{Store.AcceptTransactions} transactions for {messages.Length} messages");
    }

    [Fact]
    public async Task Nodes_claiming_at_once_never_claim_a_message_twice()
    {
        var nodes = new[] { Store, CreateStore(), CreateStore() };
        var messages = Enumerable.Range(0, 300).Select(i => Message(instance: $"i-{i % 11}")).ToArray();
        await Task.WhenAll(messages.Select((m, i) => nodes[i % nodes.Length].AcceptAsync(m).AsTask()));

        var claimed = new ConcurrentBag<Guid>();
        async Task ClaimUntilEmpty(SqlFlowStore node, string nodeId)
        {
            while (true)
            {
                var batch = await node.ClaimAsync(Claim(7, node: nodeId));
                if (batch.Count == 0)
                {
                    return;
                }

                foreach (var message in batch)
                {
                    claimed.Add(message.ExecutionId);
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(() => ClaimUntilEmpty(nodes[i % nodes.Length], $"node-{i}"))));

        Assert.Equal(messages.Length, claimed.Count);
        Assert.Equal(messages.Select(m => m.ExecutionId).Order(), claimed.Order());
    }

    [Fact]
    public async Task The_running_cap_holds_across_nodes_claiming_at_once()
    {
        var nodes = new[] { Store, CreateStore(), CreateStore() };
        foreach (var i in Enumerable.Range(0, 30))
        {
            await Store.AcceptAsync(Message(instance: i % 3 == 0 ? "small" : "big"));
        }

        // Sequentially first: a second node sees the first node's running messages.
        var first = await nodes[0].ClaimAsync(Claim(2, node: "node-0", maxRunning: 2));
        Assert.Equal(["big", "small"], first.Select(c => c.InstanceId).Order());
        var second = await nodes[1].ClaimAsync(Claim(10, node: "node-1", maxRunning: 2));
        Assert.Equal(["big", "small"], second.Select(c => c.InstanceId).Order());
        await Store.ReleaseAsync([.. first.Concat(second).Select(c => c.Claim)]);

        // Then at once, many times over: never more than the cap of one instance running.
        for (var round = 0; round < 5; round++)
        {
            var claims = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
                Task.Run(() => nodes[i % nodes.Length].ClaimAsync(Claim(3, node: $"node-{i}", maxRunning: 2)))));
            var all = claims.SelectMany(c => c).ToList();
            Assert.Equal(2, all.Count(c => c.InstanceId == "big"));
            Assert.Equal(2, all.Count(c => c.InstanceId == "small"));
            await Store.ReleaseAsync([.. all.Select(c => c.Claim)]);
        }
    }

    [Fact]
    public async Task A_node_starting_next_to_busy_ones_waits_for_no_table_lock()
    {
        await Store.InitializeAsync();
        await using var busy = new NpgsqlConnection(_connectionString);
        await busy.OpenAsync();
        await using var transaction = await busy.BeginTransactionAsync();
        await using (var command = new NpgsqlCommand("LOCK TABLE flowsdk_executions, flowsdk_messages IN ROW EXCLUSIVE MODE", busy, transaction))
        {
            await command.ExecuteNonQueryAsync();
        }

        // The schema is current, so no DDL runs; a hang guard, not a timing: with DDL this would wait for the lock.
        await CreateStore().InitializeAsync().WaitAsync(TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task An_unreachable_database_fails_with_FlowStoreUnavailableException()
    {
        var store = new PostgresFlowStore(
            Options.Create(new PostgresStoreOptions { ConnectionString = $"Host=127.0.0.1;Port={ClosedPort()};Database=flowsdk;Username=flowsdk;Password=flowsdk;Timeout=5" }),
            TestSecrets.CreateProtector());
        await using (store)
        {
            var accept = await Assert.ThrowsAsync<FlowStoreUnavailableException>(() => store.AcceptAsync(Message()).AsTask());
            Assert.IsAssignableFrom<NpgsqlException>(accept.InnerException);
            var claim = await Assert.ThrowsAsync<FlowStoreUnavailableException>(() => store.ClaimAsync(Claim(1)));
            Assert.IsAssignableFrom<NpgsqlException>(claim.InnerException);
            await Assert.ThrowsAsync<FlowStoreUnavailableException>(() => store.RenewLeasesAsync("node-a", Lease));
            await Assert.ThrowsAsync<FlowStoreUnavailableException>(() => store.CompleteAsync([new MessageCompletion(new MessageClaim(Guid.NewGuid(), 1), FlowOutcome.Completed, T0)]));
            await Assert.ThrowsAsync<FlowStoreUnavailableException>(() => store.ReleaseAsync([new MessageClaim(Guid.NewGuid(), 1)]));
            await Assert.ThrowsAsync<FlowStoreUnavailableException>(() => store.GetLastOccurrenceAsync(Flow, "acme"));

            // The writer loop survived the failure: the next message gets its own answer.
            await Assert.ThrowsAsync<FlowStoreUnavailableException>(() => store.AcceptAsync(Message()).AsTask());
        }
    }

    [Fact]
    public async Task A_message_the_database_refuses_fails_alone_and_its_batch_is_stored()
    {
        await Store.InitializeAsync();
        var good = Enumerable.Range(0, 40).Select(_ => Message()).ToArray();
        var bad = Message(instance: "nul\0instance");

        var goodTasks = good.Take(20).Select(m => Store.AcceptAsync(m).AsTask())
            .Append(Store.AcceptAsync(bad).AsTask())
            .Concat(good.Skip(20).Select(m => Store.AcceptAsync(m).AsTask()))
            .ToArray();

        var refused = await Assert.ThrowsAsync<PostgresException>(() => goodTasks[20]);
        Assert.Equal(PostgresErrorCodes.CharacterNotInRepertoire, refused.SqlState);
        foreach (var task in goodTasks.Where((_, i) => i != 20))
        {
            Assert.Equal(MessageAcceptance.Accepted, await task);
        }

        Assert.Equal(good.Length, (await Store.ClaimAsync(Claim(100))).Count);
    }

    [Fact]
    public async Task A_message_the_database_refuses_inside_a_shared_insert_fails_alone_and_the_rest_of_its_batch_is_stored()
    {
        // One writer, held on its first message by another transaction inserting the same id, so the burst behind it
        // queues into one batch whose shared insert holds the refused message in its middle.
        await Store.InitializeAsync();
        await using var store = new PostgresFlowStore(
            Options.Create(new PostgresStoreOptions { ConnectionString = _connectionString, AcceptWriters = 1 }),
            TestSecrets.CreateProtector(), Options.Create(new ExecutionHistoryOptions()), TimeProvider.System);
        var first = Message(instance: FlowContext.DefaultInstanceId, claimFor: "node-a");
        await using var blocker = new NpgsqlConnection(_connectionString);
        await blocker.OpenAsync();
        await using var hold = await blocker.BeginTransactionAsync();
        await using (var insert = new NpgsqlCommand(
            "INSERT INTO flowsdk_messages VALUES (@id, 'f', 'i', 't', '\\x00', 0, 0, 0, 0, 0, 0, NULL, NULL)", blocker, hold))
        {
            insert.Parameters.AddWithValue("id", first.ExecutionId.ToString("D"));
            await insert.ExecuteNonQueryAsync();
        }

        var held = store.AcceptAsync(first).AsTask();
        await WaitUntilAsync(() => WaitingOnLockAsync());
        var good = Enumerable.Range(0, 40).Select(_ => Message(instance: FlowContext.DefaultInstanceId, claimFor: "node-a")).ToArray();
        var bad = Message(instance: "nul\0instance", claimFor: "node-a");
        var tasks = good.Take(20).Append(bad).Concat(good.Skip(20)).Select(m => store.AcceptAsync(m).AsTask()).ToArray();
        await hold.RollbackAsync();

        Assert.Equal(MessageAcceptance.Accepted, await held);
        var refused = await Assert.ThrowsAsync<PostgresException>(() => tasks[20]);
        Assert.Equal(PostgresErrorCodes.CharacterNotInRepertoire, refused.SqlState);
        Assert.All(await Task.WhenAll(tasks.Where((_, i) => i != 20)), r => Assert.Equal(MessageAcceptance.Accepted, r));
        Assert.Equal(2, store.AcceptTransactions); // the held message, then the other 40 together

        // Every good one is stored under its node's first claim.
        var outcomes = await store.CompleteAsync([.. good.Append(first).Select(m => new MessageCompletion(new MessageClaim(m.ExecutionId, 1), FlowOutcome.Completed, T0))]);
        Assert.All(outcomes, Assert.True);
    }

    private async Task<bool> WaitingOnLockAsync()
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%flowsdk_messages%' AND datname = current_database()", connection);
        return (long)(await command.ExecuteScalarAsync())! > 0;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!await condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}

/// <summary>Delivery ids across nodes: the key in the store decides, not a node's memory.</summary>
public sealed partial class PostgresFlowStoreTests
{
    [Fact]
    public async Task Nodes_accepting_the_same_delivery_at_once_store_it_once()
    {
        var nodes = new[] { Store, CreateStore(), CreateStore(), CreateStore() };
        for (var round = 0; round < 20; round++)
        {
            var key = $"msg_{round}";
            var copies = nodes.Select(_ => new StoredMessage
            {
                ExecutionId = Guid.NewGuid(),
                FlowName = Flow,
                InstanceId = "acme",
                Trigger = "webhook",
                Payload = """{"n":1}"""u8.ToArray(),
                AcceptedAt = DateTimeOffset.UtcNow,
                DeliveryKey = key,
                DeliveryExpiresAt = DateTimeOffset.UtcNow.AddHours(24),
            }).ToArray();

            var answers = await Task.WhenAll(copies.Select((c, i) => Task.Run(() => nodes[i].AcceptAsync(c).AsTask())));

            Assert.Equal(1, answers.Count(a => a == MessageAcceptance.Accepted));
            Assert.Equal(nodes.Length - 1, answers.Count(a => a == MessageAcceptance.Duplicate));
            var winner = copies[Array.IndexOf(answers, MessageAcceptance.Accepted)].ExecutionId;
            foreach (var node in nodes)
            {
                Assert.Equal(winner, await node.FindDeliveryAsync(Flow, "acme", key));
            }
        }

        Assert.Equal(20, (await Store.ClaimAsync(Claim(100))).Count);
    }
}
