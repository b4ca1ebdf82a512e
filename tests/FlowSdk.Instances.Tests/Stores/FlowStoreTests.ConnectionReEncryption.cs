using FlowSdk.Instances;
using Xunit;

namespace FlowSdk.Instances.Tests;

/// <summary>Re-encryption moves connections' OAuth tokens to the active key too, so removing the old key keeps every grant.</summary>
public abstract partial class FlowStoreTests
{
    private static readonly DateTimeOffset TokenExpiry = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static async Task GrantAsync(SqlFlowStore store, string instanceId, string name, ConnectionTokens tokens)
    {
        await store.EnsureConnectionAsync(Flow, instanceId, name, OAuthGrant.AuthorizationCode, FlowConnectionState.NeedsConsent);
        Assert.True(await store.StoreGrantAsync(instanceId, name, tokens, TokenExpiry, "contacts.write"));
    }

    [Fact]
    public async Task Re_encryption_moves_connection_tokens_so_a_grant_survives_removing_the_old_key()
    {
        var underA = CreateStore(protector: Protector("a", ("a", KeyA)));
        await underA.DeployAsync(Deployment("acme"));
        await GrantAsync(underA, "acme", "crm", new ConnectionTokens("access-acme", "refresh-acme"));
        await GrantAsync(underA, "acme", "batch", new ConnectionTokens("access-batch", null));
        await GrantAsync(underA, "acme", "broken", new ConnectionTokens("access-broken", "refresh-broken"));
        await underA.EnsureConnectionAsync(Flow, "acme", "pending", OAuthGrant.AuthorizationCode, FlowConnectionState.NeedsConsent);
        await ExecuteSqlAsync("UPDATE flowsdk_connections SET access_token = 'v1.gone.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' WHERE connection = 'broken'");

        var bothKeys = CreateStore(protector: Protector("b", ("a", KeyA), ("b", KeyB)));
        await GrantAsync(bothKeys, "acme", "newer", new ConnectionTokens("access-newer", "refresh-newer"));
        var before = (await bothKeys.GetConnectionAsync("acme", "crm"))!.Connection;
        var result = await bothKeys.ReEncryptSecretsAsync();

        Assert.Equal((1, 0, 0), (result.ReEncrypted, result.AlreadyCurrent, result.Failed));
        Assert.Equal((2, 2, 1), (result.ConnectionsReEncrypted, result.ConnectionsAlreadyCurrent, result.ConnectionsFailed));

        // Only the old key gone: the grant is used as it was, with no consent; the version did not move, so a node
        // that read the row before the re-encryption still takes the refresh lease with what it read.
        var onlyB = CreateStore(protector: Protector("b", ("b", KeyB)));
        var crm = (await onlyB.GetConnectionAsync("acme", "crm"))!;
        Assert.Equal(FlowConnectionState.Connected, crm.Connection.State);
        Assert.Equal(("access-acme", "refresh-acme"), (crm.Tokens!.AccessToken, crm.Tokens.RefreshToken));
        Assert.Equal(before.Version, crm.Connection.Version);
        Assert.Equal("access-batch", (await onlyB.GetConnectionAsync("acme", "batch"))!.Tokens!.AccessToken);
        Assert.Equal("access-newer", (await onlyB.GetConnectionAsync("acme", "newer"))!.Tokens!.AccessToken);
        var now = DateTimeOffset.UtcNow;
        Assert.True(await onlyB.TryTakeRefreshLeaseAsync("acme", "crm", before.Version, "node-a", now, now.AddSeconds(30)));

        // The token that never decrypted was left as it was: it reads as needing consent, and a second run counts it again.
        var broken = (await onlyB.GetConnectionAsync("acme", "broken"))!;
        Assert.Equal(FlowConnectionState.NeedsConsent, broken.Connection.State);
        Assert.Null(broken.Tokens);
        var again = await onlyB.ReEncryptSecretsAsync();
        Assert.Equal((0, 4, 1), (again.ConnectionsReEncrypted, again.ConnectionsAlreadyCurrent, again.ConnectionsFailed));
    }

    [Fact]
    public async Task Re_encryption_never_overwrites_tokens_a_refresh_stored_after_it_read_them()
    {
        var underA = CreateStore(protector: Protector("a", ("a", KeyA)));
        await underA.DeployAsync(Deployment("acme"));
        await GrantAsync(underA, "acme", "crm", new ConnectionTokens("access-old", "refresh-old"));

        // Another node refreshes the connection between the re-encryption's read of the row and its write.
        var refreshingNode = CreateStore(protector: Protector("b", ("a", KeyA), ("b", KeyB)));
        var raced = false;
        var protector = new InterceptingProtector(Protector("b", ("a", KeyA), ("b", KeyB)), purpose =>
        {
            if (raced || !purpose.StartsWith("flowsdk.connection-token/", StringComparison.Ordinal))
            {
                return;
            }

            raced = true;
            var seen = refreshingNode.GetConnectionAsync("acme", "crm").GetAwaiter().GetResult()!;
            var now = DateTimeOffset.UtcNow;
            Assert.True(refreshingNode.TryTakeRefreshLeaseAsync("acme", "crm", seen.Connection.Version, "node-b", now, now.AddSeconds(30)).GetAwaiter().GetResult());
            Assert.True(refreshingNode.CompleteRefreshAsync("acme", "crm", "node-b", new ConnectionTokens("access-fresh", "refresh-fresh"), TokenExpiry, null).GetAwaiter().GetResult());
        });

        var result = await CreateStore(protector: protector).ReEncryptSecretsAsync();

        Assert.True(raced);
        Assert.Equal((0, 1, 0), (result.ConnectionsReEncrypted, result.ConnectionsAlreadyCurrent, result.ConnectionsFailed));
        var stored = (await CreateStore(protector: Protector("b", ("b", KeyB))).GetConnectionAsync("acme", "crm"))!;
        Assert.Equal(("access-fresh", "refresh-fresh"), (stored.Tokens!.AccessToken, stored.Tokens.RefreshToken));
    }

    /// <summary>Runs <c>beforeProtect</c> each time a value is about to be encrypted: the moment between a read and its write.</summary>
    private sealed class InterceptingProtector(ISecretProtector inner, Action<string> beforeProtect) : ISecretProtector
    {
        public string Protect(string plaintext, string purpose)
        {
            beforeProtect(purpose);
            return inner.Protect(plaintext, purpose);
        }

        public string Unprotect(string protectedValue, string purpose) => inner.Unprotect(protectedValue, purpose);

        public bool UsesActiveKey(string protectedValue) => inner.UsesActiveKey(protectedValue);
    }
}
