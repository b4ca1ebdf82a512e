using FlowSdk.Instances;
using FlowSdk.Instances.Webhooks;
using Xunit;

namespace FlowSdk.Instances.Tests;

/// <summary>The previous webhook secret's expiry: stored, kept by unrelated changes, and in the change feed.</summary>
public abstract partial class FlowStoreTests
{
    [Fact]
    public async Task The_previous_webhook_secret_expiry_is_stored_kept_and_fed_with_the_secret_encrypted()
    {
        var deployed = await Store.DeployAsync(Deployment("rotating"));
        Assert.Null(deployed.PreviousWebhookSecretExpiresAt);

        var until = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.AddHours(24).ToUnixTimeMilliseconds());
        var rotated = await Store.UpdateAsync(
            "rotating",
            new InstanceUpdate
            {
                ConfigurationJson = deployed.ConfigurationJson,
                Secrets = new Dictionary<string, string?> { ["webhook-secret"] = "new-secret-value-0123456789", ["webhook-secret.previous"] = "old-secret-value-0123456789" },
                PreviousWebhookSecretExpiresAt = until,
            },
            deployed.Version);
        Assert.Equal(until, rotated.PreviousWebhookSecretExpiresAt);
        Assert.Equal(until, (await Store.GetAsync("rotating"))!.PreviousWebhookSecretExpiresAt);
        Assert.DoesNotContain("old-secret-value", await ReadStoredSecretsAsync("rotating"), StringComparison.Ordinal);

        // A change that does not name an expiry keeps the stored one.
        var changed = await Store.UpdateAsync("rotating", new InstanceUpdate { ConfigurationJson = deployed.ConfigurationJson, Customer = "renamed" });
        Assert.Equal(until, changed.PreviousWebhookSecretExpiresAt);
        Assert.Equal(until, (await Store.SetEnabledAsync("rotating", false)).PreviousWebhookSecretExpiresAt);

        var feed = await Store.GetChangesAsync(deployed.Version);
        Assert.Equal(until, Assert.Single(feed.Changes).Instance!.PreviousWebhookSecretExpiresAt);
        Assert.Equal(until, (await Store.ListAsync(new InstanceQuery())).Single().PreviousWebhookSecretExpiresAt);

        var secrets = (await Store.GetSecretsAsync("rotating"))!;
        var now = DateTimeOffset.UtcNow;
        Assert.Equal(new WebhookSecretSet("new-secret-value-0123456789", "old-secret-value-0123456789"), WebhookKeys.Select(changed, secrets, "webhook-secret", now));
        Assert.Equal(new WebhookSecretSet("new-secret-value-0123456789", null), WebhookKeys.Select(changed, secrets, "webhook-secret", until));
    }

    [Fact]
    public async Task A_deleted_instance_feeds_no_expiry()
    {
        var deployed = await Store.DeployAsync(Deployment("gone"));
        await Store.DeleteAsync("gone");

        var change = Assert.Single((await Store.GetChangesAsync(deployed.Version)).Changes);
        Assert.True(change.IsDeleted);
    }
}
