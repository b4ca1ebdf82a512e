using System.Net;
using System.Text;
using System.Text.Json;
using FlowSdk.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace FlowSdk.Instances.Hosting.Tests;

/// <summary>
/// Flows on a host with a store keep what they accept in it: stored before the trigger is answered, claimed with a
/// lease, recorded under the claim. These run nodes in this process on one SQLite file; the process-level tests (SIGKILL,
/// PostgreSQL nodes) are in FlowSdk.Durability.Tests.
/// </summary>
public sealed class DurableQueueTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_published_message_is_stored_Pending_before_the_publisher_returns_and_its_history_ends_Completed_after_one_delivery()
    {
        await using var host = await InstanceHost.StartAsync();
        await host.DeployAsync("acme", "greeting");
        var publisher = host.Services.GetRequiredService<IFlowInstancePublisher<GreetingFlow, Order>>();
        var history = host.Services.GetRequiredService<IExecutionHistory>();

        host.Recorder.Gate();
        var id = await publisher.PublishAsync("acme", new Order(1));
        var accepted = await history.GetExecutionAsync(id);
        Assert.NotNull(accepted);
        Assert.Contains(accepted.Outcome, new[] { ExecutionOutcome.Pending, ExecutionOutcome.Running });

        await host.Recorder.Entered.When("acme", 1);
        Assert.Equal(ExecutionOutcome.Running, (await history.GetExecutionAsync(id))?.Outcome);
        host.Recorder.Release();
        await host.Recorder.When("acme", 1).WaitAsync(Recorder.Timeout);
        await WaitForOutcomeAsync(history, id, ExecutionOutcome.Completed);

        var record = await history.GetExecutionAsync(id);
        Assert.Equal(1, record!.Deliveries);
        Assert.True(host.Services.GetRequiredService<FlowRuntime>().GetRunner<GreetingFlow, Order, Order>().IsDurable);
    }

    [Fact]
    public async Task The_consumers_go_on_while_outcomes_wait_for_the_store_and_the_waiting_outcomes_are_stored_together()
    {
        // One consumer claims at most two messages ahead; before, a message held its place until its outcome was
        // stored, so with outcome writes held only two of the six could run.
        await using var host = await StartOneConsumerAsync();
        var publisher = host.Services.GetRequiredService<IFlowInstancePublisher<GreetingFlow, Order>>();
        var gate = host.Services.GetRequiredService<OutcomeGateStore>();
        var history = host.Services.GetRequiredService<IExecutionHistory>();

        var ids = new List<Guid>();
        try
        {
            for (var i = 1; i <= 6; i++)
            {
                ids.Add(await publisher.PublishAsync("acme", new Order(i)));
            }

            await host.Recorder.When("acme", 6).WaitAsync(Recorder.Timeout);
            await gate.Reached.WaitAsync(Recorder.Timeout);
            Assert.InRange(gate.Held, 1, 6);
            foreach (var id in ids)
            {
                // The history is told once the outcome is stored, not before.
                Assert.NotEqual(ExecutionOutcome.Completed, (await history.GetExecutionAsync(id))!.Outcome);
            }
        }
        finally
        {
            // Also when failing: the host's stop waits for its outcomes.
            gate.Open();
        }

        foreach (var id in ids)
        {
            await WaitForOutcomeAsync(history, id, ExecutionOutcome.Completed);
        }

        Assert.Equal(6, gate.Held);
        Assert.Equal(6, host.Recorder.Total);
    }

    [Fact]
    public async Task A_backlog_of_quick_messages_is_claimed_many_at_a_time()
    {
        // Twice the concurrency is two messages ahead: before, the backlog went through the store two or three at a time.
        await using var host = await StartOneConsumerAsync();
        var publisher = host.Services.GetRequiredService<IFlowInstancePublisher<GreetingFlow, Order>>();
        var gate = host.Services.GetRequiredService<OutcomeGateStore>();
        gate.Open();

        host.Recorder.Gate();
        await publisher.PublishAsync("acme", new Order(0));
        await host.Recorder.Entered.When("acme", 1);
        const int Backlog = 400;
        for (var i = 1; i <= Backlog; i++)
        {
            await publisher.PublishAsync("acme", new Order(i));
        }

        host.Recorder.Release();
        await host.Recorder.When("acme", Backlog + 1).WaitAsync(Recorder.Timeout);

        var claims = gate.Claims.ToArray();
        Assert.True(claims.Max(c => c.Asked) >= 8, $"The largest claim asked for {claims.Max(c => c.Asked)} messages.");
        Assert.True(claims.Length <= Backlog / 4, $"{claims.Length} claims for a backlog of {Backlog}.");
        Assert.Equal(Backlog + 1, host.Recorder.Total);
    }

    [Fact]
    public async Task A_stop_past_its_timeout_leaves_unfinished_work_in_the_store_and_the_next_start_runs_all_of_it()
    {
        var folder = InstanceHost.NewFolder();
        try
        {
            var ids = new List<Guid>();
            await using (var first = await InstanceHost.StartAsync(
                s => s.Configure<FlowOptions>("greeting", o => o.MaxConcurrency = 1).Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromMilliseconds(200)),
                folder: folder))
            {
                await first.DeployAsync("acme", "greeting");
                await first.DeployAsync("globex", "greeting");
                var publisher = first.Services.GetRequiredService<IFlowInstancePublisher<GreetingFlow, Order>>();
                first.Recorder.Gate();
                ids.Add(await publisher.PublishAsync("acme", new Order(1)));
                await first.Recorder.Entered.When("acme", 1);
                ids.Add(await publisher.PublishAsync("acme", new Order(2)));
                ids.Add(await publisher.PublishAsync("globex", new Order(3)));

                await first.StopAsync().WaitAsync(Recorder.Timeout);
                Assert.Equal(0, first.Recorder.Total);
                Assert.Empty(first.Services.GetRequiredService<InMemoryFlowDeadLetterSink>().Snapshot());
            }

            await using var second = await InstanceHost.StartAsync(folder: folder);
            await second.Recorder.When(null, 3).WaitAsync(Recorder.Timeout);
            Assert.Equal(ids.Order(), second.Recorder.Seen.Select(s => s.ExecutionId).Order());
            Assert.Empty(await second.Services.GetRequiredService<IDeadLetterStore>().QueryDeadLettersAsync(new DeadLetterQuery()));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_message_whose_lease_lapsed_runs_again_on_another_node_with_its_execution_id_and_the_stale_outcome_is_not_recorded()
    {
        var folder = InstanceHost.NewFolder();
        try
        {
            // Node A's clock stands still, so its lease is never renewed; node B's clock is past A's lease.
            var lease = TimeSpan.FromSeconds(10);
            await using var a = await InstanceHost.StartAsync(s => s.Configure<FlowDurabilityOptions>(o => o.Lease = lease), new FakeTimeProvider(Start), folder: folder);
            await a.DeployAsync("acme", "greeting");
            a.Recorder.Gate();
            var id = await a.Services.GetRequiredService<IFlowInstancePublisher<GreetingFlow, Order>>().PublishAsync("acme", new Order(7));
            await a.Recorder.Entered.When("acme", 1);

            await using var b = await InstanceHost.StartAsync(s => s.Configure<FlowDurabilityOptions>(o => o.Lease = lease), new FakeTimeProvider(Start + lease + TimeSpan.FromSeconds(1)), folder: folder);
            await b.Recorder.When("acme", 1).WaitAsync(Recorder.Timeout);
            var history = b.Services.GetRequiredService<IExecutionHistory>();
            await WaitForOutcomeAsync(history, id, ExecutionOutcome.Completed);
            Assert.Equal(id, Assert.Single(b.Recorder.Seen).ExecutionId);
            Assert.Equal(2, (await history.GetExecutionAsync(id))!.Deliveries);

            // A wakes up and finishes: its claim is stale, so nothing it reports reaches the history.
            a.Recorder.Release();
            await a.Recorder.When("acme", 1).WaitAsync(Recorder.Timeout);
            await a.StopAsync().WaitAsync(Recorder.Timeout);
            var record = await history.GetExecutionAsync(id);
            Assert.Equal(ExecutionOutcome.Completed, record!.Outcome);
            Assert.Equal(2, record.Deliveries);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_message_delivered_more_than_MaxDeliveries_times_without_an_outcome_is_dead_lettered_as_poison_not_run()
    {
        var time = new FakeTimeProvider(Start);
        var lease = TimeSpan.FromSeconds(10);
        var id = Guid.CreateVersion7();
        await using var host = await InstanceHost.StartAsync(
            s => s.Configure<FlowDurabilityOptions>(o =>
            {
                o.Lease = lease;
                o.MaxDeliveries = 3;
            }),
            time,
            beforeStart: async services =>
            {
                // Three nodes claimed it and died before recording anything.
                var store = services.GetRequiredService<IFlowMessageStore>();
                await DeployAsync(services, "acme");
                Assert.Equal(MessageAcceptance.Accepted, await store.AcceptAsync(Message(id, """{"number":5}""")));
                for (var crash = 0; crash < 3; crash++)
                {
                    Assert.Single(await store.ClaimAsync(new ClaimRequest { FlowName = "greeting", NodeId = "crashed-" + crash, MaxCount = 10, Lease = lease }));
                    time.Advance(lease + TimeSpan.FromSeconds(1));
                }
            });

        var letters = await WaitForDeadLettersAsync(host, 1);
        var letter = Assert.Single(letters);
        Assert.Equal(id, letter.ExecutionId);
        Assert.Contains("delivered 3 times without an outcome", letter.Error, StringComparison.Ordinal);
        Assert.Equal(0, host.Recorder.Entered.Total);
        await WaitForOutcomeAsync(host.Services.GetRequiredService<IExecutionHistory>(), id, ExecutionOutcome.Failed);
    }

    [Fact]
    public async Task A_stored_payload_that_no_longer_reads_as_the_flow_type_is_dead_lettered_with_the_reason_and_the_bytes_it_had()
    {
        var id = Guid.CreateVersion7();
        const string Stored = """{"number":"seven"}""";
        await using var host = await InstanceHost.StartAsync(beforeStart: async services =>
        {
            await DeployAsync(services, "acme");
            Assert.Equal(MessageAcceptance.Accepted, await services.GetRequiredService<IFlowMessageStore>().AcceptAsync(Message(id, Stored)));
        });

        var letter = Assert.Single(await WaitForDeadLettersAsync(host, 1));
        Assert.Equal(id, letter.ExecutionId);
        Assert.Contains("cannot be read as Order", letter.Error, StringComparison.Ordinal);
        Assert.Equal(Stored, Encoding.UTF8.GetString(letter.Payload.Span));
        Assert.Equal(0, host.Recorder.Entered.Total);
    }

    [Fact]
    public async Task TryPublish_answers_after_the_commit_and_a_flow_that_opts_out_keeps_its_messages_in_memory()
    {
        await using var host = await InstanceHost.StartAsync(s => s.Configure<FlowOptions>("fair", o => o.Durable = false));
        await host.DeployAsync("acme", "greeting");
        var runtime = host.Services.GetRequiredService<FlowRuntime>();
        Assert.False(runtime.GetRunner<FairFlow, Order, Order>().IsDurable);

        host.Recorder.Gate();
        Assert.True(host.Services.GetRequiredService<IFlowInstancePublisher<GreetingFlow, Order>>().TryPublish("acme", new Order(1), out var id));
        Assert.NotNull(await host.Services.GetRequiredService<IExecutionHistory>().GetExecutionAsync(id));
        host.Recorder.Release();
        await host.Recorder.When("acme", 1).WaitAsync(Recorder.Timeout);
    }

    [Fact]
    public async Task A_dead_letter_replays_once_even_when_two_requests_replay_it_at_the_same_moment()
    {
        await using var host = await InstanceHost.StartAsync(management: true);
        await host.DeployAsync("acme", "greeting");
        await host.Services.GetRequiredService<IFlowInstancePublisher<GreetingFlow, Order>>().PublishAsync("acme", new Order(1, "fail:503"));
        var letter = Assert.Single(await WaitForDeadLettersAsync(host, 1));

        using var client = host.ManagementClient();
        var replays = await Task.WhenAll(
            client.PostAsync($"/manage/dead-letters/{letter.Id}/replay", null),
            client.PostAsync($"/manage/dead-letters/{letter.Id}/replay", null));

        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.Conflict], replays.Select(r => r.StatusCode).Order());
        await host.Recorder.When("acme", 2).WaitAsync(Recorder.Timeout);
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsync($"/manage/dead-letters/{letter.Id}/replay", null)).StatusCode);
        Assert.Equal(1, (await host.Services.GetRequiredService<IDeadLetterStore>().GetDeadLetterAsync(letter.Id))!.ReplayCount);
    }

    [Fact]
    public async Task After_an_outage_a_schedule_runs_its_latest_missed_occurrence_once()
    {
        var time = new FakeTimeProvider(Start.AddSeconds(30));
        await using var host = await InstanceHost.StartAsync(time: time, beforeStart: async services =>
        {
            await services.GetRequiredService<FlowInstanceManager>().DeployAsync(new InstanceDeployment
            {
                Id = "tick",
                FlowName = "ticking",
                Enabled = true,
                ConfigurationJson = """{"greeting":"t"}""",
                Secrets = new Dictionary<string, string>(),
                Schedule = "* * * * *",
            });

            // The last occurrence any node stored ran five minutes before this start; no node ran since.
            var store = services.GetRequiredService<IFlowMessageStore>();
            var last = Start.AddMinutes(-5);
            Assert.Equal(MessageAcceptance.Accepted, await store.AcceptAsync(new StoredMessage
            {
                ExecutionId = Guid.CreateVersion7(),
                FlowName = "ticking",
                InstanceId = "tick",
                Trigger = FlowTriggerNames.Schedule,
                Payload = JsonSerializer.SerializeToUtf8Bytes(new ScheduledTick(last, last), TestJson.Default.ScheduledTick),
                AcceptedAt = last,
                ScheduledAt = last,
            }));
            var claimed = Assert.Single(await store.ClaimAsync(new ClaimRequest { FlowName = "ticking", NodeId = "gone", MaxCount = 1, Lease = TimeSpan.FromSeconds(10) }));
            Assert.Equal([true], await store.CompleteAsync([new MessageCompletion(claimed.Claim, FlowOutcome.Completed, last)]));
        });

        await host.Recorder.When("tick", 1).WaitAsync(Recorder.Timeout);
        Assert.Equal(Start, ((ScheduledTick)Assert.Single(host.Recorder.Seen).Payload).ScheduledAt);
        Assert.Equal(Start, await host.Services.GetRequiredService<IFlowMessageStore>().GetLastOccurrenceAsync("ticking", "tick"));
    }

    /// <summary>A host whose greeting flow runs one message at a time, its outcome writes behind a gate, with acme deployed.</summary>
    private static async Task<InstanceHost> StartOneConsumerAsync()
    {
        var host = await InstanceHost.StartAsync(s =>
        {
            s.Configure<FlowOptions>("greeting", o => o.MaxConcurrency = 1);
            OutcomeGateStore.Use(s);
        });
        try
        {
            await host.DeployAsync("acme", "greeting");
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    private static StoredMessage Message(Guid id, string json) => new()
    {
        ExecutionId = id,
        FlowName = "greeting",
        InstanceId = "acme",
        Trigger = FlowTriggerNames.Channel,
        Payload = Encoding.UTF8.GetBytes(json),
        AcceptedAt = Start,
    };

    private static Task DeployAsync(IServiceProvider services, string id) =>
        services.GetRequiredService<FlowInstanceManager>().DeployAsync(new InstanceDeployment
        {
            Id = id,
            FlowName = "greeting",
            Enabled = true,
            ConfigurationJson = """{"greeting":"Hello"}""",
            Secrets = new Dictionary<string, string>(),
        });

    private static async Task<IReadOnlyList<DeadLetter>> WaitForDeadLettersAsync(InstanceHost host, int count)
    {
        var store = host.Services.GetRequiredService<IDeadLetterStore>();
        return await Poll.UntilAsync(() => store.QueryDeadLettersAsync(new DeadLetterQuery()), letters => letters.Count >= count);
    }

    private static Task WaitForOutcomeAsync(IExecutionHistory history, Guid id, ExecutionOutcome outcome) =>
        Poll.UntilAsync(() => history.GetExecutionAsync(id), record => record?.Outcome == outcome);
}
