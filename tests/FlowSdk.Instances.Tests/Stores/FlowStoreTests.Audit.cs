using FlowSdk.Instances;
using Xunit;

namespace FlowSdk.Instances.Tests;

/// <summary>The audit log: newest first, filtered, paged by the last entry seen.</summary>
public abstract partial class FlowStoreTests
{
    private static AuditEntry Entry(int second, string actor, string action, string? target) => new()
    {
        Id = Guid.CreateVersion7(T0.AddSeconds(second)), At = T0.AddSeconds(second), Actor = actor, Action = action, Target = target, Status = 200,
        Detail = $"entry {second}",
    };

    private static int Second(AuditEntry entry) => (int)(entry.At - T0).TotalSeconds;

    [Fact]
    public async Task The_audit_log_lists_newest_first_with_filters_and_a_before_cursor()
    {
        var entries = new[]
        {
            Entry(1, "ops", "DeployInstance", "acme"),
            Entry(2, "ops", "DeployInstance", "globex"),
            Entry(3, "deploy-bot", "UpdateInstance", "acme"),
            Entry(4, "ops", "ReEncryptSecrets", null),
            Entry(5, "deploy-bot", "DeleteInstance", "acme"),
        };
        foreach (var entry in entries)
        {
            await Store.AppendAsync(entry);
        }

        var all = await Store.ListAsync(new AuditQuery());
        Assert.Equal(entries.Reverse().Select(e => e.Id), all.Select(e => e.Id));
        var first = all[^1];
        Assert.Equal(("ops", "DeployInstance", "acme", 200, "entry 1", T0.AddSeconds(1)), (first.Actor, first.Action, first.Target, first.Status, first.Detail, first.At));

        Assert.Equal([5, 3, 1], (await Store.ListAsync(new AuditQuery { Target = "acme" })).Select(Second));
        Assert.Equal([5, 3], (await Store.ListAsync(new AuditQuery { Actor = "deploy-bot" })).Select(Second));
        Assert.Equal([4], (await Store.ListAsync(new AuditQuery { Action = "ReEncryptSecrets" })).Select(Second));
        Assert.Equal([3, 2], (await Store.ListAsync(new AuditQuery { From = T0.AddSeconds(2), To = T0.AddSeconds(4) })).Select(Second));

        var page1 = await Store.ListAsync(new AuditQuery { Limit = 2 });
        var page2 = await Store.ListAsync(new AuditQuery { Limit = 2, Before = page1[^1].Id });
        var page3 = await Store.ListAsync(new AuditQuery { Limit = 2, Before = page2[^1].Id });
        Assert.Equal(all.Select(e => e.Id), page1.Concat(page2).Concat(page3).Select(e => e.Id));
        Assert.Empty(await Store.ListAsync(new AuditQuery { Before = Guid.NewGuid() }));
        Assert.Equal([3], (await Store.ListAsync(new AuditQuery { Target = "acme", Before = entries[4].Id, Limit = 1 })).Select(Second));
    }
}
