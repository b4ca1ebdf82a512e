using FlowSdk.Hosting;
using FlowSdk.Instances;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace FlowSdk.Instances.Tests;

/// <summary>Deleting an instance takes what it left behind with it; a new deployment under the id starts clean.</summary>
public abstract partial class FlowStoreTests
{
    private static DeadLetter Letter(string instance, Guid? execution = null) => new()
    {
        Id = Guid.NewGuid(), ExecutionId = execution ?? Guid.NewGuid(), InstanceId = instance, FlowName = Flow, Trigger = "webhook",
        ContentType = "application/json", Payload = "{\"n\":1}"u8.ToArray(), Error = "boom", CreatedAt = T0,
    };

    private static ExecutionRecord Finished(string instance, Guid? execution = null) => new()
    {
        ExecutionId = execution ?? Guid.NewGuid(), InstanceId = instance, FlowName = Flow, Trigger = "webhook", StartedAt = T0,
        EndedAt = T0.AddSeconds(1), Outcome = ExecutionOutcome.Failed, Error = "boom",
    };

    [Fact]
    public async Task Delete_removes_the_history_dead_letters_waiting_messages_and_occurrences_of_the_instance_only()
    {
        await Store.DeployAsync(Deployment("acme"));
        await Store.DeployAsync(Deployment("globex"));
        foreach (var instance in new[] { "acme", "globex" })
        {
            await Store.RecordAsync(Finished(instance));
            await Store.AddDeadLetterAsync(Letter(instance));
            await Store.AcceptAsync(Message(instance: instance, trigger: "schedule", scheduledAt: T0.AddMinutes(5)));
            await Store.AcceptAsync(Message(instance: instance));
        }

        Assert.True(await Store.DeleteAsync("acme"));

        Assert.Empty(await Store.QueryAsync(new ExecutionQuery { InstanceId = "acme" }));
        Assert.Empty(await Store.QueryDeadLettersAsync(new DeadLetterQuery { InstanceId = "acme" }));
        Assert.Null(await Store.GetLastOccurrenceAsync(Flow, "acme"));
        Assert.Equal(3, (await Store.QueryAsync(new ExecutionQuery { InstanceId = "globex" })).Count); // one recorded, two pending
        Assert.Single(await Store.QueryDeadLettersAsync(new DeadLetterQuery { InstanceId = "globex" }));
        Assert.Equal(T0.AddMinutes(5), await Store.GetLastOccurrenceAsync(Flow, "globex"));
        var claimed = await Store.ClaimAsync(Claim(10));
        Assert.Equal(2, claimed.Count);
        Assert.All(claimed, c => Assert.Equal("globex", c.InstanceId));
    }

    [Fact]
    public async Task A_redeployed_id_never_sees_the_previous_deployments_history_or_dead_letters_even_from_an_execution_still_running()
    {
        await Store.DeployAsync(Deployment("acme"));
        var old = Letter("acme");
        await Store.AddDeadLetterAsync(old);
        var running = Message();
        await Store.AcceptAsync(running);
        var claim = Assert.Single(await Store.ClaimAsync(Claim(1)));

        Assert.True(await Store.DeleteAsync("acme"));
        await Store.DeployAsync(Deployment("acme"));

        // The execution claimed before the delete fails afterwards: its dead letter and history belong to the old deployment.
        var late = Letter("acme", running.ExecutionId);
        await Store.AddDeadLetterAsync(late);
        Assert.Equal([true], await Store.CompleteAsync([Done(claim, FlowOutcome.Failed)]));
        await Store.RecordAsync(Finished("acme", running.ExecutionId));

        Assert.Null(await Store.GetDeadLetterAsync(old.Id));
        Assert.Null(await Store.GetDeadLetterAsync(late.Id));
        Assert.False(await Store.TryBeginReplayAsync(late.Id, T0));
        Assert.Empty(await Store.QueryDeadLettersAsync(new DeadLetterQuery { InstanceId = "acme" }));
        Assert.Null(await Store.GetExecutionAsync(running.ExecutionId));
        Assert.Empty(await Store.QueryAsync(new ExecutionQuery { InstanceId = "acme" }));

        // The new deployment's own failures are kept as usual.
        var fresh = Message();
        await Store.AcceptAsync(fresh);
        var own = Letter("acme", fresh.ExecutionId);
        await Store.AddDeadLetterAsync(own);
        Assert.Equal(own.Id, Assert.Single(await Store.QueryDeadLettersAsync(new DeadLetterQuery { InstanceId = "acme" })).Id);
        Assert.Equal(fresh.ExecutionId, Assert.Single(await Store.QueryAsync(new ExecutionQuery { InstanceId = "acme" })).ExecutionId);
    }

    [Fact]
    public async Task A_message_claimed_before_the_delete_never_runs_for_the_redeployed_id_nor_blocks_it()
    {
        var clock = new FakeTimeProvider(T0);
        var nodeA = CreateStore(clock);
        var nodeB = CreateStore(clock);
        await nodeA.DeployAsync(Deployment("acme"));
        var old = Message(trigger: "schedule", refuseWhileUnfinished: true);
        await nodeA.AcceptAsync(old);
        Assert.Single(await nodeA.ClaimAsync(Claim(1, node: "node-a")));

        Assert.True(await nodeA.DeleteAsync("acme"));
        await nodeA.DeployAsync(Deployment("acme"));
        Assert.Equal(MessageAcceptance.Accepted, await nodeA.AcceptAsync(Message(trigger: "schedule", refuseWhileUnfinished: true)));

        // Node A died while running it: after the lease, the message comes back, but not as the new deployment's.
        clock.Advance(Lease + TimeSpan.FromSeconds(1));
        var again = (await nodeB.ClaimAsync(Claim(10, node: "node-b"))).Single(c => c.ExecutionId == old.ExecutionId);
        Assert.NotEqual("acme", again.InstanceId);
        Assert.Equal([true], await nodeB.CompleteAsync([Done(again, FlowOutcome.Failed)]));
        Assert.Null(await nodeB.GetExecutionAsync(old.ExecutionId));
    }
}
