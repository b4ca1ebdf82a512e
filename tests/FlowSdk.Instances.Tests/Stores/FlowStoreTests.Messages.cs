using FlowSdk.Hosting;
using FlowSdk.Instances;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace FlowSdk.Instances.Tests;

/// <summary>The message store (<see cref="IFlowMessageStore"/>) part of the shared suite: both engines must pass it.</summary>
public abstract partial class FlowStoreTests
{
    protected const string Flow = "customer-sync";

    protected static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_000);

    protected static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    protected static StoredMessage Message(
        string instance = "acme",
        string trigger = "webhook",
        byte[]? payload = null,
        DateTimeOffset? scheduledAt = null,
        bool refuseWhileUnfinished = false,
        int maxWaiting = 0,
        Guid? id = null,
        string? claimFor = null) => new()
        {
            ExecutionId = id ?? Guid.NewGuid(),
            FlowName = Flow,
            InstanceId = instance,
            Trigger = trigger,
            Payload = payload ?? """{"n":1}"""u8.ToArray(),
            AcceptedAt = T0,
            ScheduledAt = scheduledAt,
            RefuseWhileUnfinished = refuseWhileUnfinished,
            MaxWaitingPerInstance = maxWaiting,
            ClaimFor = claimFor,
            Lease = Lease,
        };

    protected static ClaimRequest Claim(int count, string node = "node-a", int maxRunning = 0, TimeSpan? lease = null) => new()
    {
        FlowName = Flow,
        NodeId = node,
        MaxCount = count,
        Lease = lease ?? Lease,
        MaxRunningPerInstance = maxRunning,
    };

    protected static MessageCompletion Done(ClaimedMessage message, FlowOutcome outcome = FlowOutcome.Completed) => new(message.Claim, outcome, T0.AddSeconds(1));

    [Fact]
    public async Task Accept_claim_complete_keeps_the_payload_bytes_and_removes_the_message()
    {
        var payload = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        var message = Message(instance: FlowContext.DefaultInstanceId, trigger: "channel", payload: payload);

        Assert.Equal(MessageAcceptance.Accepted, await Store.AcceptAsync(message));
        var claimed = Assert.Single(await Store.ClaimAsync(Claim(10)));

        Assert.Equal(message.ExecutionId, claimed.ExecutionId);
        Assert.Equal(payload, claimed.Payload.ToArray());
        Assert.Equal(FlowContext.DefaultInstanceId, claimed.InstanceId);
        Assert.Equal("channel", claimed.Trigger);
        Assert.Equal(T0, claimed.AcceptedAt);
        Assert.Equal(1, claimed.Deliveries);
        Assert.Equal(1, claimed.Fence);
        Assert.Empty(await Store.ClaimAsync(Claim(10, node: "node-b")));

        Assert.Equal([true], await Store.CompleteAsync([Done(claimed)]));
        Assert.Equal([false], await Store.CompleteAsync([Done(claimed)]));
        Assert.Null(await Store.GetExecutionAsync(message.ExecutionId)); // the default instance keeps no history
        Assert.Empty(await Store.ClaimAsync(Claim(10)));
    }

    [Fact]
    public async Task An_instance_message_goes_pending_then_running_then_completed_in_the_history()
    {
        var message = Message();
        await Store.AcceptAsync(message);

        var pending = await Store.GetExecutionAsync(message.ExecutionId);
        Assert.NotNull(pending);
        Assert.Equal(ExecutionOutcome.Pending, pending.Outcome);
        Assert.Equal(0, pending.Deliveries);
        Assert.Equal(T0, pending.StartedAt);
        Assert.Equal("acme", pending.InstanceId);
        Assert.Equal("webhook", pending.Trigger);

        var claimed = Assert.Single(await Store.ClaimAsync(Claim(1)));
        var running = await Store.GetExecutionAsync(message.ExecutionId);
        Assert.Equal(ExecutionOutcome.Running, running!.Outcome);
        Assert.Equal(1, running.Deliveries);

        var failed = Done(claimed, FlowOutcome.Failed) with { FailedStep = "Push", Error = "HttpRequestException: 503" };
        Assert.Equal([true], await Store.CompleteAsync([failed]));
        var ended = await Store.GetExecutionAsync(message.ExecutionId);
        Assert.Equal(ExecutionOutcome.Failed, ended!.Outcome);
        Assert.Equal(T0.AddSeconds(1), ended.EndedAt);
        Assert.Equal("Push", ended.FailedStep);
        Assert.Equal("HttpRequestException: 503", ended.Error);
        Assert.Equal(1, ended.Deliveries);

        // The history recorder writes the same execution afterwards: its deliveries (1 by default) never lower the count.
        await Store.RecordAsync(new ExecutionRecord
        {
            ExecutionId = message.ExecutionId, InstanceId = "acme", FlowName = Flow, Trigger = "webhook", StartedAt = T0,
            EndedAt = T0.AddSeconds(1), Outcome = ExecutionOutcome.Failed, FailedStep = "Push", Error = "HttpRequestException: 503",
        });
        Assert.Equal(1, (await Store.GetExecutionAsync(message.ExecutionId))!.Deliveries);
    }

    [Fact]
    public async Task A_message_stored_claimed_by_its_accepting_node_is_Running_with_one_delivery_and_others_take_it_only_after_its_lease()
    {
        var clock = new FakeTimeProvider(T0);
        var nodeA = CreateStore(clock);
        var nodeB = CreateStore(clock);
        var message = new StoredMessage
        {
            ExecutionId = Guid.NewGuid(),
            FlowName = Flow,
            InstanceId = "acme",
            Trigger = "webhook",
            Payload = """{"n":1}"""u8.ToArray(),
            AcceptedAt = T0,
            ClaimFor = "node-a",
            Lease = Lease,
        };

        Assert.Equal(MessageAcceptance.Accepted, await nodeA.AcceptAsync(message));
        var running = await nodeA.GetExecutionAsync(message.ExecutionId);
        Assert.Equal((ExecutionOutcome.Running, 1), (running!.Outcome, running.Deliveries));
        Assert.Empty(await nodeB.ClaimAsync(Claim(5, node: "node-b")));

        // Node A renews it like any claim; once A stops renewing, the lease lapses and B takes it over.
        clock.Advance(Lease - TimeSpan.FromSeconds(1));
        Assert.Equal(1, await nodeA.RenewLeasesAsync("node-a", Lease));
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Empty(await nodeB.ClaimAsync(Claim(5, node: "node-b")));
        clock.Advance(Lease);
        var taken = Assert.Single(await nodeB.ClaimAsync(Claim(5, node: "node-b")));
        Assert.Equal((2, 2L), (taken.Deliveries, taken.Fence));

        // A's outcome under its own claim (fence 1) is stale now; B's counts.
        Assert.Equal([false], await nodeA.CompleteAsync([new MessageCompletion(new MessageClaim(message.ExecutionId, 1), FlowOutcome.Completed, T0)]));
        Assert.Equal([true], await nodeB.CompleteAsync([Done(taken)]));
    }

    [Fact]
    public async Task A_message_stored_claimed_that_waits_again_is_claimed_in_the_first_round_not_behind_later_ones()
    {
        // acme's two waiting messages are rounds 0 and 1; a third, stored claimed by its node, had its turn already.
        var first = Message();
        var second = Message();
        await Store.AcceptAsync(first);
        await Store.AcceptAsync(second);
        var running = new StoredMessage
        {
            ExecutionId = Guid.NewGuid(), FlowName = Flow, InstanceId = "acme", Trigger = "webhook", Payload = """{"n":1}"""u8.ToArray(),
            AcceptedAt = T0, ClaimFor = "node-a", Lease = Lease,
        };
        Assert.Equal(MessageAcceptance.Accepted, await Store.AcceptAsync(running));

        await Store.ReleaseAsync([new MessageClaim(running.ExecutionId, 1)]);
        var order = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            order.Add(Assert.Single(await Store.ClaimAsync(Claim(1))).ExecutionId);
        }

        Assert.Equal([first.ExecutionId, running.ExecutionId, second.ExecutionId], order);
    }

    [Fact]
    public async Task A_lapsed_lease_is_claimed_again_with_a_new_delivery_and_fence_and_the_old_claim_records_nothing()
    {
        var clock = new FakeTimeProvider(T0);
        var nodeA = CreateStore(clock);
        var nodeB = CreateStore(clock);
        var message = Message();
        await nodeA.AcceptAsync(message);

        var first = Assert.Single(await nodeA.ClaimAsync(Claim(5, node: "node-a")));
        clock.Advance(Lease - TimeSpan.FromMilliseconds(1));
        Assert.Empty(await nodeB.ClaimAsync(Claim(5, node: "node-b")));

        clock.Advance(TimeSpan.FromMilliseconds(1));
        var second = Assert.Single(await nodeB.ClaimAsync(Claim(5, node: "node-b")));
        Assert.Equal(message.ExecutionId, second.ExecutionId);
        Assert.Equal(2, second.Deliveries);
        Assert.True(second.Fence > first.Fence);
        var running = await nodeB.GetExecutionAsync(message.ExecutionId);
        Assert.Equal(ExecutionOutcome.Running, running!.Outcome);
        Assert.Equal(2, running.Deliveries);

        // Node A wakes up and finishes: its claim is stale, so nothing is written.
        Assert.Equal([false], await nodeA.CompleteAsync([Done(first, FlowOutcome.Failed) with { Error = "late" }]));
        await nodeA.ReleaseAsync([first.Claim]);
        var untouched = await nodeB.GetExecutionAsync(message.ExecutionId);
        Assert.Equal(ExecutionOutcome.Running, untouched!.Outcome);
        Assert.Null(untouched.Error);
        Assert.Null(untouched.EndedAt);

        Assert.Equal([true], await nodeB.CompleteAsync([Done(second)]));
        Assert.Equal(ExecutionOutcome.Completed, (await nodeB.GetExecutionAsync(message.ExecutionId))!.Outcome);
    }

    [Fact]
    public async Task Release_gives_a_message_back_without_counting_the_delivery()
    {
        var message = Message();
        await Store.AcceptAsync(message);
        var claimed = Assert.Single(await Store.ClaimAsync(Claim(1)));

        await Store.ReleaseAsync([claimed.Claim]);
        var pending = await Store.GetExecutionAsync(message.ExecutionId);
        Assert.Equal(ExecutionOutcome.Pending, pending!.Outcome);
        Assert.Equal(0, pending.Deliveries);

        var again = Assert.Single(await Store.ClaimAsync(Claim(1, node: "node-b")));
        Assert.Equal(1, again.Deliveries);
        Assert.True(again.Fence > claimed.Fence);
        Assert.Equal([false], await Store.CompleteAsync([Done(claimed)]));
        Assert.Equal([true], await Store.CompleteAsync([Done(again)]));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Two_claims_of_one_message_completed_together_record_the_later_claim_alone(bool laterFirst)
    {
        var message = Message();
        await Store.AcceptAsync(message);
        var earlier = Assert.Single(await Store.ClaimAsync(Claim(1)));
        await Store.ReleaseAsync([earlier.Claim]);
        var later = Assert.Single(await Store.ClaimAsync(Claim(1, node: "node-b")));

        // The first run outlived its claim and finishes in the same batch as the second: only the second holds it.
        var batch = laterFirst ? new[] { Done(later), Done(earlier, FlowOutcome.Failed) } : [Done(earlier, FlowOutcome.Failed), Done(later)];
        var recorded = await Store.CompleteAsync(batch);

        Assert.Equal(laterFirst ? [true, false] : [false, true], recorded);
        Assert.Empty(await Store.ClaimAsync(Claim(1, node: "node-c")));
        Assert.Equal(ExecutionOutcome.Completed, (await Store.GetExecutionAsync(message.ExecutionId))!.Outcome);
    }

    [Fact]
    public async Task Renewing_leases_keeps_other_nodes_from_claiming()
    {
        var clock = new FakeTimeProvider(T0);
        var nodeA = CreateStore(clock);
        var nodeB = CreateStore(clock);
        await nodeA.AcceptAsync(Message());
        await nodeA.AcceptAsync(Message(instance: "globex"));
        Assert.Equal(2, (await nodeA.ClaimAsync(Claim(5, node: "node-a"))).Count);

        clock.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal(2, await nodeA.RenewLeasesAsync("node-a", Lease));
        Assert.Equal(0, await nodeA.RenewLeasesAsync("node-b", Lease));
        clock.Advance(TimeSpan.FromSeconds(20)); // past the first lease, within the renewed one
        Assert.Empty(await nodeB.ClaimAsync(Claim(5, node: "node-b")));

        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(2, (await nodeB.ClaimAsync(Claim(5, node: "node-b"))).Count);
        Assert.Equal(0, await nodeA.RenewLeasesAsync("node-a", Lease));
    }

    [Fact]
    public async Task A_schedule_occurrence_is_accepted_once_across_nodes()
    {
        var other = CreateStore();
        var at = T0.AddMinutes(5);

        Assert.Null(await Store.GetLastOccurrenceAsync(Flow, "acme"));
        Assert.Equal(MessageAcceptance.Accepted, await Store.AcceptAsync(Message(trigger: "schedule", scheduledAt: at)));
        Assert.Equal(MessageAcceptance.Duplicate, await other.AcceptAsync(Message(trigger: "schedule", scheduledAt: at)));
        Assert.Equal(MessageAcceptance.Duplicate, await Store.AcceptAsync(Message(trigger: "schedule", scheduledAt: at)));
        Assert.Equal(MessageAcceptance.Accepted, await other.AcceptAsync(Message(trigger: "schedule", scheduledAt: at.AddMinutes(5))));
        Assert.Equal(MessageAcceptance.Accepted, await other.AcceptAsync(Message(instance: "globex", trigger: "schedule", scheduledAt: at)));

        Assert.Equal(at.AddMinutes(5), await Store.GetLastOccurrenceAsync(Flow, "acme"));
        Assert.Equal(at, await other.GetLastOccurrenceAsync(Flow, "globex"));
        Assert.Null(await Store.GetLastOccurrenceAsync("order-sync", "acme"));
        Assert.Equal(3, (await Store.ClaimAsync(Claim(10))).Count);
    }

    [Fact]
    public async Task A_second_accept_of_a_stored_execution_id_is_a_duplicate()
    {
        var message = Message();
        Assert.Equal(MessageAcceptance.Accepted, await Store.AcceptAsync(message));
        Assert.Equal(MessageAcceptance.Duplicate, await CreateStore().AcceptAsync(Message(id: message.ExecutionId)));
        Assert.Single(await Store.ClaimAsync(Claim(10)));
    }

    [Fact]
    public async Task A_message_that_must_not_overlap_is_refused_while_one_of_its_trigger_waits_or_runs()
    {
        Assert.Equal(MessageAcceptance.Accepted, await Store.AcceptAsync(Message(trigger: "schedule", refuseWhileUnfinished: true)));
        Assert.Equal(MessageAcceptance.Overlapping, await Store.AcceptAsync(Message(trigger: "schedule", refuseWhileUnfinished: true)));
        Assert.Equal(MessageAcceptance.Accepted, await Store.AcceptAsync(Message(trigger: "webhook", refuseWhileUnfinished: true)));
        Assert.Equal(MessageAcceptance.Accepted, await Store.AcceptAsync(Message(instance: "globex", trigger: "schedule", refuseWhileUnfinished: true)));

        var claimed = await Store.ClaimAsync(Claim(10));
        Assert.Equal(3, claimed.Count);
        Assert.Equal(MessageAcceptance.Overlapping, await Store.AcceptAsync(Message(trigger: "schedule", refuseWhileUnfinished: true)));

        await Store.CompleteAsync([.. claimed.Select(c => Done(c))]);
        Assert.Equal(MessageAcceptance.Accepted, await Store.AcceptAsync(Message(trigger: "schedule", refuseWhileUnfinished: true)));
    }

    [Fact]
    public async Task An_instance_with_its_cap_of_waiting_messages_refuses_more()
    {
        Assert.Equal(MessageAcceptance.Accepted, await Store.AcceptAsync(Message(maxWaiting: 2)));
        Assert.Equal(MessageAcceptance.Accepted, await Store.AcceptAsync(Message(maxWaiting: 2)));
        var refused = Message(maxWaiting: 2);
        Assert.Equal(MessageAcceptance.InstanceFull, await Store.AcceptAsync(refused));
        Assert.Null(await Store.GetExecutionAsync(refused.ExecutionId));
        Assert.Equal(MessageAcceptance.Accepted, await Store.AcceptAsync(Message(instance: "globex", maxWaiting: 2)));
        Assert.Equal(MessageAcceptance.Accepted, await Store.AcceptAsync(Message()));

        // A running message no longer waits: it makes room.
        Assert.Single(await Store.ClaimAsync(Claim(1)));
        Assert.Equal(MessageAcceptance.Accepted, await Store.AcceptAsync(Message(maxWaiting: 3)));
        Assert.Equal(MessageAcceptance.InstanceFull, await Store.AcceptAsync(Message(maxWaiting: 3)));
    }

    [Fact]
    public async Task A_newcomer_is_served_round_robin_not_behind_another_instance_backlog()
    {
        // One after another: PostgreSQL's concurrent accept transactions (AcceptWriters) each rank against committed rows,
        // so a burst from one instance may share ranks; the order claimed is then only roughly fair.
        var backlog = Enumerable.Range(0, 200).Select(_ => Message(instance: "big")).ToArray();
        foreach (var message in backlog)
        {
            await Store.AcceptAsync(message);
        }

        var small = Enumerable.Range(0, 3).Select(_ => Message(instance: "small")).ToArray();
        foreach (var message in small)
        {
            await Store.AcceptAsync(message);
        }

        // Each instance's n-th message before any instance's (n+1)-th: big's head, then the two interleave.
        var claimed = await Store.ClaimAsync(Claim(6));
        Assert.Equal(["big", "small", "big", "small", "big", "small"], claimed.Select(c => c.InstanceId));
        Assert.Equal(small.Select(m => m.ExecutionId), claimed.Where(c => c.InstanceId == "small").Select(c => c.ExecutionId));
        Assert.Equal(backlog.Take(3).Select(m => m.ExecutionId), claimed.Where(c => c.InstanceId == "big").Select(c => c.ExecutionId));

        // A newcomer after some of the backlog ran still lands at the front, not behind the remaining 197.
        var late = Message(instance: "late");
        await Store.AcceptAsync(late);
        var next = await Store.ClaimAsync(Claim(2));
        Assert.Contains(late.ExecutionId, next.Select(c => c.ExecutionId));
    }

    [Fact]
    public async Task An_instance_whose_backlog_is_running_is_not_pushed_behind_a_newcomer()
    {
        for (var i = 0; i < 5; i++)
        {
            await Store.AcceptAsync(Message(instance: "big"));
        }

        Assert.Equal(5, (await Store.ClaimAsync(Claim(5))).Count);
        for (var i = 0; i < 10; i++)
        {
            await Store.AcceptAsync(Message(instance: "new"));
        }

        var next = Message(instance: "big");
        await Store.AcceptAsync(next);

        // Nothing waited when "new" arrived: it starts where the running messages are, so big's next is among the first.
        var claimed = await Store.ClaimAsync(Claim(3));
        Assert.Contains(next.ExecutionId, claimed.Select(c => c.ExecutionId));
    }

    [Fact]
    public async Task A_running_cap_per_instance_holds_within_one_claim_and_across_claims()
    {
        foreach (var instance in new[] { "acme", "acme", "acme", "acme", "globex", "globex", "globex" })
        {
            await Store.AcceptAsync(Message(instance: instance));
        }

        var first = await Store.ClaimAsync(Claim(10, maxRunning: 2));
        Assert.Equal(2, first.Count(c => c.InstanceId == "acme"));
        Assert.Equal(2, first.Count(c => c.InstanceId == "globex"));
        Assert.Empty(await Store.ClaimAsync(Claim(10, maxRunning: 2, node: "node-b")));

        await Store.CompleteAsync([Done(first.First(c => c.InstanceId == "acme"))]);
        var second = Assert.Single(await Store.ClaimAsync(Claim(10, maxRunning: 2, node: "node-b")));
        Assert.Equal("acme", second.InstanceId);
        Assert.Equal(2, (await Store.ClaimAsync(Claim(10))).Count); // without the cap the rest goes
    }

    [Fact]
    public async Task Messages_stored_claimed_in_one_burst_are_each_stored_once_and_run_under_their_first_claim()
    {
        await Store.InitializeAsync();
        var earlier = Message(claimFor: "node-a");
        Assert.Equal(MessageAcceptance.Accepted, await Store.AcceptAsync(earlier));
        var messages = Enumerable.Range(0, 60).Select(i => Message(instance: i % 2 == 0 ? FlowContext.DefaultInstanceId : "acme", claimFor: "node-a")).ToArray();

        // The first message twice in the burst, and one stored before it.
        var burst = messages.Append(messages[0]).Append(earlier).ToArray();
        var results = await Task.WhenAll(burst.Select(m => Store.AcceptAsync(m).AsTask()));

        Assert.All(results[1..60], r => Assert.Equal(MessageAcceptance.Accepted, r));
        Assert.Equal([MessageAcceptance.Accepted, MessageAcceptance.Duplicate], new[] { results[0], results[60] }.Order());
        Assert.Equal(MessageAcceptance.Duplicate, results[61]);

        // Stored claimed by node-a: another node finds nothing to claim, and the instance's history shows them running.
        Assert.Empty(await Store.ClaimAsync(Claim(500, node: "node-b")));
        var running = await Store.GetExecutionAsync(messages[1].ExecutionId);
        Assert.Equal((ExecutionOutcome.Running, 1), (running!.Outcome, running.Deliveries));

        // Their first claim (fence 1) records their outcomes.
        var outcomes = await Store.CompleteAsync([.. messages.Append(earlier).Select(m => new MessageCompletion(new MessageClaim(m.ExecutionId, 1), FlowOutcome.Completed, T0))]);
        Assert.All(outcomes, Assert.True);
        Assert.Equal(ExecutionOutcome.Completed, (await Store.GetExecutionAsync(messages[1].ExecutionId))!.Outcome);
    }

    [Fact]
    public async Task Concurrent_accepts_share_transactions_and_all_become_claimable()
    {
        await Store.InitializeAsync();
        var messages = Enumerable.Range(0, 200).Select(i => Message(instance: i % 3 == 0 ? FlowContext.DefaultInstanceId : $"i-{i % 7}")).ToArray();

        var results = await Task.WhenAll(messages.Select(m => Store.AcceptAsync(m).AsTask()));

        Assert.All(results, r => Assert.Equal(MessageAcceptance.Accepted, r));
        Assert.InRange(Store.AcceptTransactions, 1, messages.Length - 1);
        var claimed = await Store.ClaimAsync(Claim(500));
        Assert.Equal(messages.Select(m => m.ExecutionId).Order(), claimed.Select(c => c.ExecutionId).Order());
    }

    [Fact]
    public async Task Disposing_answers_every_queued_caller_and_refuses_later_ones()
    {
        var store = CreateStore();
        await store.InitializeAsync();
        var pending = Enumerable.Range(0, 100).Select(_ => store.AcceptAsync(Message()).AsTask()).ToArray();

        await store.DisposeAsync();

        foreach (var task in pending)
        {
            // Accepted when its batch ran before the dispose; otherwise refused, never left waiting.
            var outcome = await Record.ExceptionAsync(() => task.WaitAsync(TimeSpan.FromSeconds(60)));
            Assert.True(outcome is null or FlowStoreUnavailableException, outcome?.ToString());
        }

        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.AcceptAsync(Message()).AsTask());
    }

    [Fact]
    public async Task Occurrences_are_pruned_after_a_day_except_each_instance_latest()
    {
        var clock = new FakeTimeProvider(T0);
        var store = CreateStore(clock);
        await store.AcceptAsync(Message(trigger: "schedule", scheduledAt: T0));
        await store.AcceptAsync(Message(trigger: "schedule", scheduledAt: T0.AddMinutes(1)));
        clock.Advance(TimeSpan.FromDays(2));

        await store.PruneAsync();

        Assert.Equal(T0.AddMinutes(1), await store.GetLastOccurrenceAsync(Flow, "acme"));
        Assert.Equal(MessageAcceptance.Accepted, await store.AcceptAsync(Message(trigger: "schedule", scheduledAt: T0)));
        Assert.Equal(MessageAcceptance.Duplicate, await store.AcceptAsync(Message(trigger: "schedule", scheduledAt: T0.AddMinutes(1))));
    }

    [Fact]
    public async Task Pruning_by_count_keeps_pending_executions()
    {
        var store = CreateStore(history: new ExecutionHistoryOptions { MaxPerInstance = 2 });
        for (var i = 0; i < 4; i++)
        {
            await store.AcceptAsync(Message());
        }

        Assert.Equal(0, await store.PruneAsync());
        Assert.Equal(4, (await store.QueryAsync(new ExecutionQuery { InstanceId = "acme", Outcome = ExecutionOutcome.Pending })).Count);
    }
}
