using FlowSdk.Instances;
using Microsoft.Extensions.Options;
using Xunit;

namespace FlowSdk.Instances.Tests;

/// <summary>Moving every stored secret to the active key, so the old key can go.</summary>
public abstract partial class FlowStoreTests
{
    private static readonly string KeyA = AesGcmSecretProtector.GenerateKey();
    private static readonly string KeyB = AesGcmSecretProtector.GenerateKey();

    private static AesGcmSecretProtector Protector(string active, params (string Id, string Key)[] keys)
    {
        var options = new SecretProtectionOptions { ActiveKeyId = active };
        foreach (var (id, key) in keys)
        {
            options.Keys[id] = key;
        }

        return new AesGcmSecretProtector(Options.Create(options));
    }

    [Fact]
    public async Task Re_encryption_moves_secrets_to_the_active_key_so_the_old_key_can_be_removed()
    {
        var underA = CreateStore(protector: Protector("a", ("a", KeyA)));
        var acme = await underA.DeployAsync(Deployment("acme"));
        await underA.DeployAsync(Deployment("globex"));
        await underA.DeployAsync(new InstanceDeployment { Id = "plain", FlowName = Flow, ConfigurationJson = "{}" });
        await underA.DeployAsync(Deployment("broken"));
        await ExecuteSqlAsync("""UPDATE flowsdk_instances SET secrets = '{"token":"v1.gone.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}' WHERE id = 'broken'""");

        var bothKeys = CreateStore(protector: Protector("b", ("a", KeyA), ("b", KeyB)));
        await bothKeys.DeployAsync(Deployment("newer"));
        var result = await bothKeys.ReEncryptSecretsAsync();

        Assert.Equal(new SecretReEncryptionResult(ReEncrypted: 2, AlreadyCurrent: 2, Failed: 1), result);
        Assert.Equal(acme.Version, (await bothKeys.GetAsync("acme"))!.Version);
        Assert.Contains("v1.b.", await ReadStoredSecretsAsync("acme"), StringComparison.Ordinal);
        Assert.DoesNotContain("v1.a.", await ReadStoredSecretsAsync("globex"), StringComparison.Ordinal);

        var onlyB = CreateStore(protector: Protector("b", ("b", KeyB)));
        Assert.Equal("tok-acme-s3cr3t", (await onlyB.GetSecretsAsync("acme"))!.GetValue("token"));
        Assert.Equal("key-globex", (await onlyB.GetSecretsAsync("globex"))!.GetValue("apiKey"));
        Assert.Equal("tok-newer-s3cr3t", (await onlyB.GetSecretsAsync("newer"))!.GetValue("token"));
        Assert.Equal(new SecretReEncryptionResult(0, 4, 1), await onlyB.ReEncryptSecretsAsync());
    }
}
