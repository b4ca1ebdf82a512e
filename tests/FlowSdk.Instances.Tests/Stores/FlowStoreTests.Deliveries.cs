using FlowSdk.Hosting;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace FlowSdk.Instances.Tests;

/// <summary>Delivery ids (webhook idempotency keys) in the shared suite: both engines must pass it.</summary>
public abstract partial class FlowStoreTests
{
    private static StoredMessage Delivered(string key, string instance = "acme", int maxWaiting = 0, DateTimeOffset? at = null) => new()
    {
        ExecutionId = Guid.NewGuid(),
        FlowName = Flow,
        InstanceId = instance,
        Trigger = "webhook",
        Payload = """{"n":1}"""u8.ToArray(),
        AcceptedAt = at ?? T0,
        MaxWaitingPerInstance = maxWaiting,
        DeliveryKey = key,
        DeliveryExpiresAt = (at ?? T0) + TimeSpan.FromHours(24),
    };

    [Fact]
    public async Task A_delivery_is_accepted_once_and_its_redelivery_names_the_first_execution()
    {
        var clock = new FakeTimeProvider(T0);
        var store = CreateStore(clock);
        var first = Delivered("msg_1");
        var again = Delivered("msg_1");

        Assert.Equal(MessageAcceptance.Accepted, await store.AcceptAsync(first));
        Assert.Equal(MessageAcceptance.Duplicate, await store.AcceptAsync(again));
        Assert.Equal(first.ExecutionId, await store.FindDeliveryAsync(Flow, "acme", "msg_1"));

        // The key is per instance: another instance's same id is its own delivery.
        Assert.Equal(MessageAcceptance.Accepted, await store.AcceptAsync(Delivered("msg_1", instance: "globex")));

        var claimed = await store.ClaimAsync(Claim(10));
        Assert.Equal(2, claimed.Count);
        Assert.DoesNotContain(claimed, c => c.ExecutionId == again.ExecutionId);

        // Finished, the delivery is still remembered: the redelivery does not run again.
        await store.CompleteAsync([.. claimed.Select(c => Done(c))]);
        Assert.Equal(MessageAcceptance.Duplicate, await store.AcceptAsync(Delivered("msg_1")));
        Assert.Empty(await store.ClaimAsync(Claim(10)));
    }

    [Fact]
    public async Task The_same_delivery_twice_in_one_group_commit_is_stored_once()
    {
        var store = CreateStore(new FakeTimeProvider(T0));
        var copies = Enumerable.Range(0, 8).Select(_ => Delivered("msg_burst")).ToArray();

        var answers = await Task.WhenAll(copies.Select(c => store.AcceptAsync(c).AsTask()));

        Assert.Equal(1, answers.Count(a => a == MessageAcceptance.Accepted));
        var winner = copies[Array.IndexOf(answers, MessageAcceptance.Accepted)];
        Assert.Equal(winner.ExecutionId, await store.FindDeliveryAsync(Flow, "acme", "msg_burst"));
        Assert.Single(await store.ClaimAsync(Claim(10)));
    }

    [Fact]
    public async Task An_expired_delivery_is_a_new_delivery()
    {
        var clock = new FakeTimeProvider(T0);
        var store = CreateStore(clock);
        var first = Delivered("msg_old");
        await store.AcceptAsync(first);

        clock.Advance(TimeSpan.FromHours(25));
        Assert.Null(await store.FindDeliveryAsync(Flow, "acme", "msg_old"));
        var later = Delivered("msg_old", at: clock.GetUtcNow());

        Assert.Equal(MessageAcceptance.Accepted, await store.AcceptAsync(later));
        Assert.Equal(later.ExecutionId, await store.FindDeliveryAsync(Flow, "acme", "msg_old"));
    }

    [Fact]
    public async Task A_refused_message_gives_its_delivery_back()
    {
        var store = CreateStore(new FakeTimeProvider(T0));
        await store.AcceptAsync(Delivered("msg_a", maxWaiting: 1));

        var refused = Delivered("msg_b", maxWaiting: 1);
        Assert.Equal(MessageAcceptance.InstanceFull, await store.AcceptAsync(refused));
        Assert.Null(await store.FindDeliveryAsync(Flow, "acme", "msg_b"));

        // Once there is room, the sender's retry of the same delivery runs.
        Assert.Single(await store.ClaimAsync(Claim(10)));
        var retry = Delivered("msg_b", maxWaiting: 1);
        Assert.Equal(MessageAcceptance.Accepted, await store.AcceptAsync(retry));
    }

    [Fact]
    public async Task A_recorded_delivery_answers_the_first_execution_until_it_is_forgotten()
    {
        var store = CreateStore(new FakeTimeProvider(T0));
        var first = Guid.NewGuid();
        var second = Guid.NewGuid();

        Assert.Null(await store.RecordDeliveryAsync(Flow, "acme", "evt_1", first, T0.AddHours(1)));
        Assert.Equal(first, await store.RecordDeliveryAsync(Flow, "acme", "evt_1", second, T0.AddHours(1)));

        await store.ForgetDeliveryAsync(Flow, "acme", "evt_1", second); // not its execution: kept
        Assert.Equal(first, await store.FindDeliveryAsync(Flow, "acme", "evt_1"));
        await store.ForgetDeliveryAsync(Flow, "acme", "evt_1", first);
        Assert.Null(await store.RecordDeliveryAsync(Flow, "acme", "evt_1", second, T0.AddHours(1)));
    }

    [Fact]
    public async Task Concurrent_delivery_records_share_transactions_and_a_key_sent_twice_names_one_execution()
    {
        var store = CreateStore(new FakeTimeProvider(T0));
        await store.InitializeAsync();
        var ids = Enumerable.Range(0, 100).Select(_ => Guid.NewGuid()).ToArray();

        // 50 keys, each recorded twice at once (a sender's retry racing its first delivery).
        var answers = await Task.WhenAll(ids.Select((id, i) => store.RecordDeliveryAsync(Flow, "acme", $"evt_{i % 50}", id, T0.AddHours(1))));

        Assert.InRange(store.AcceptTransactions, 1, ids.Length - 1);
        for (var key = 0; key < 50; key++)
        {
            var pair = new[] { key, key + 50 };
            var first = Assert.Single(pair, i => answers[i] is null);
            var second = Assert.Single(pair, i => answers[i] is not null);
            Assert.Equal(ids[first], answers[second]);
            Assert.Equal(ids[first], await store.FindDeliveryAsync(Flow, "acme", $"evt_{key}"));
        }
    }
}
