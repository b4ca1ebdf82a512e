using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using FlowSdk.Management;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Xunit;

namespace FlowSdk.Instances.Tests;

/// <summary>A server that also accepts a key configured only by its SHA-256 digest.</summary>
public sealed class HashedKeyManagementServer : ManagementServer
{
    public const string HashedKey = "hashed-3e1f5a7c9b2d4f6a8c0e1b3d5f7a9c2e";

    public static string Hash(string key) => ManagementApiKey.HashPrefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    protected override void ConfigureServices(IServiceCollection services) =>
        services.Configure<ManagementOptions>(o => o.ApiKeys.Add(new ManagementApiKey { Name = "ci", KeyHash = Hash(HashedKey), Role = ManagementRole.Reader }));
}

public sealed class ApiKeyTests(HashedKeyManagementServer server) : IClassFixture<HashedKeyManagementServer>
{
    [Fact]
    public async Task A_key_configured_by_its_hash_authenticates_with_its_role()
    {
        var client = server.Client(HashedKeyManagementServer.HashedKey);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/manage/instances")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync("/manage/instances", new { id = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.Client(HashedKeyManagementServer.Hash(HashedKeyManagementServer.HashedKey)).GetAsync("/manage/instances")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await server.Client(ManagementServer.AdminKey).GetAsync("/manage/instances")).StatusCode);
    }

    public static TheoryData<ManagementApiKey[], string> BrokenKeys => new()
    {
        { [new() { Name = "tiny", Key = "too-short-key" }], "'tiny' is shorter than 32 characters" },
        { [new() { Name = "bad-hash", KeyHash = "sha256:abc" }], "'bad-hash' has a malformed KeyHash" },
        { [new() { Name = "bad-hash", KeyHash = HashedKeyManagementServer.Hash("x").ToUpperInvariant() }], "'bad-hash' has a malformed KeyHash" },
        { [new() { Name = "empty" }], "'empty' must set exactly one of Key and KeyHash" },
        { [new() { Name = "both", Key = new string('k', 40), KeyHash = HashedKeyManagementServer.Hash("x") }], "'both' must set exactly one of Key and KeyHash" },
        { [new() { Name = "twice", Key = new string('a', 40) }, new() { Name = "twice", Key = new string('b', 40) }], "'twice' is configured more than once" },
    };

    [Theory]
    [MemberData(nameof(BrokenKeys))]
    public async Task A_broken_key_stops_the_start_with_a_message_naming_it(ManagementApiKey[] keys, string expected)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddFlowManagement(o =>
        {
            foreach (var key in keys)
            {
                o.ApiKeys.Add(key);
            }
        });
        await using var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();

        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(new string('a', 40), e.Message, StringComparison.Ordinal);
    }
}
