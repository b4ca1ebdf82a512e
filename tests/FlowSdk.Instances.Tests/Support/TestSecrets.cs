using FlowSdk.Instances;
using Microsoft.Extensions.Options;

namespace FlowSdk.Instances.Tests;

internal static class TestSecrets
{
    /// <summary>One random key per test run: nothing the tests store outlives the run.</summary>
    public static readonly string Key = AesGcmSecretProtector.GenerateKey();

    public static void Configure(SecretProtectionOptions options)
    {
        options.Keys["test"] = Key;
        options.ActiveKeyId = "test";
    }

    public static AesGcmSecretProtector CreateProtector()
    {
        var options = new SecretProtectionOptions();
        Configure(options);
        return new AesGcmSecretProtector(Options.Create(options));
    }
}
