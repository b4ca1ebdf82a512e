using System.Net;
using System.Security.Cryptography;
using FlowSdk.AspNetCore;
using FlowSdk.Instances.AspNetCore;
using FlowSdk.Instances.Webhooks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace FlowSdk.Instances.Hosting.Tests;

/// <summary>
/// The webhook keys an instance's requests are verified with are decoded once per instance version and kept with it:
/// a change of secret or a deletion takes effect as soon as the catalog sees it, and never before, and a steady stream
/// of signed requests allocates nothing per request beyond the record of what was read before the body.
/// </summary>
/// <remarks>The hosts run on a fake clock, so the catalog reads the store only when a test says so.</remarks>
public sealed class InstanceWebhookKeyTests(ITestOutputHelper output)
{
    private const string Body = """{"number":1}""";

    private static string NewSecret() => "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private static InstanceUpdate NewWebhookSecret(string secret) => new()
    {
        ConfigurationJson = """{"greeting":"Hello"}""",
        Secrets = new Dictionary<string, string?> { ["webhook-secret"] = secret },
    };

    [Fact]
    public async Task A_changed_webhook_secret_takes_effect_when_the_catalog_sees_the_change()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await InstanceHost.StartAsync(time: clock);
        var oldSecret = NewSecret();
        var newSecret = NewSecret();
        await host.DeployAsync("acme", "greeting", webhookSecret: oldSecret);
        Assert.Equal(HttpStatusCode.Accepted, (await host.Client.SendAsync(InstanceWebhookTests.Signed("acme", Body, oldSecret, clock.GetUtcNow()))).StatusCode);

        var changed = await host.Manager.UpdateAsync("acme", NewWebhookSecret(newSecret));

        // Until this node's catalog reads the change, the version it knows (and that version's keys) still decides.
        Assert.Equal(HttpStatusCode.Accepted, (await host.Client.SendAsync(InstanceWebhookTests.Signed("acme", Body, oldSecret, clock.GetUtcNow()))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Client.SendAsync(InstanceWebhookTests.Signed("acme", Body, newSecret, clock.GetUtcNow()))).StatusCode);

        await host.SeeAsync(changed.Version);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Client.SendAsync(InstanceWebhookTests.Signed("acme", Body, oldSecret, clock.GetUtcNow()))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await host.Client.SendAsync(InstanceWebhookTests.Signed("acme", Body, newSecret, clock.GetUtcNow()))).StatusCode);
        await host.Recorder.When("acme", 3);
    }

    [Fact]
    public async Task A_deleted_instance_stops_routing_when_the_catalog_sees_the_deletion()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await InstanceHost.StartAsync(time: clock);
        var secret = NewSecret();
        await host.DeployAsync("acme", "greeting", webhookSecret: secret);
        await host.DeployAsync("globex", "greeting", webhookSecret: secret);
        Assert.Equal(HttpStatusCode.Accepted, (await host.Client.SendAsync(InstanceWebhookTests.Signed("acme", Body, secret, clock.GetUtcNow()))).StatusCode);

        Assert.True(await host.Manager.DeleteAsync("acme"));
        await host.Catalog.RefreshAsync();

        Assert.False(host.Catalog.TryGet("acme", out _));
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.SendAsync(InstanceWebhookTests.Signed("acme", Body, secret, clock.GetUtcNow()))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await host.Client.SendAsync(InstanceWebhookTests.Signed("globex", Body, secret, clock.GetUtcNow()))).StatusCode);
    }

    [Fact]
    public async Task An_instance_deleted_and_deployed_again_under_its_id_routes_with_its_new_secret()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await InstanceHost.StartAsync(time: clock);
        var oldSecret = NewSecret();
        var newSecret = NewSecret();
        await host.DeployAsync("acme", "greeting", webhookSecret: oldSecret);
        Assert.Equal(HttpStatusCode.Accepted, (await host.Client.SendAsync(InstanceWebhookTests.Signed("acme", Body, oldSecret, clock.GetUtcNow()))).StatusCode);
        Assert.True(await host.Manager.DeleteAsync("acme"));
        await host.Catalog.RefreshAsync();

        await host.DeployAsync("acme", "greeting", webhookSecret: newSecret);

        // The binding kept on the deleted version was released with it; the new version gets a binding of its own.
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Client.SendAsync(InstanceWebhookTests.Signed("acme", Body, oldSecret, clock.GetUtcNow()))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await host.Client.SendAsync(InstanceWebhookTests.Signed("acme", Body, newSecret, clock.GetUtcNow()))).StatusCode);
        await host.Recorder.When("acme", 2);
    }

    [Fact]
    public async Task The_keys_decoded_for_an_old_version_are_not_used_after_a_change()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await InstanceHost.StartAsync(time: clock);
        var oldSecret = NewSecret();
        var newSecret = NewSecret();
        await host.DeployAsync("acme", "greeting", webhookSecret: oldSecret);
        var resolver = ActivatorUtilities.CreateInstance<InstanceWebhookResolver>(host.Services);
        var scheme = StandardWebhooksScheme.Instance;

        var binding = (InstanceBinding)resolver.Resolve("greeting", "acme")!;
        var first = await binding.GetWebhookKeysAsync(scheme, "webhook-secret", default);
        Assert.NotNull(first);
        Assert.Same(first, await binding.GetWebhookKeysAsync(scheme, "webhook-secret", default));
        Assert.Equal(scheme.GetKey(oldSecret), first.Current.Bytes.ToArray());
        Assert.True(await VerifyAsync(resolver, clock, oldSecret));

        var changed = await host.Manager.UpdateAsync("acme", NewWebhookSecret(newSecret));
        await host.SeeAsync(changed.Version);

        // The same binding object, moved to the new version: new keys, decoded from the new secret.
        Assert.Same(binding, resolver.Resolve("greeting", "acme"));
        var second = await binding.GetWebhookKeysAsync(scheme, "webhook-secret", default);
        Assert.NotNull(second);
        Assert.NotSame(first, second);
        Assert.Equal(scheme.GetKey(newSecret), second.Current.Bytes.ToArray());
        Assert.False(await VerifyAsync(resolver, clock, oldSecret));
        Assert.True(await VerifyAsync(resolver, clock, newSecret));
    }

    [Fact]
    public async Task Routing_and_verifying_signed_requests_allocates_only_what_is_read_before_the_body()
    {
        const int Instances = 20;
        const int Messages = 2_000;
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await InstanceHost.StartAsync(time: clock);
        var resolver = ActivatorUtilities.CreateInstance<InstanceWebhookResolver>(host.Services);
        var requests = new (string Id, HttpContext Request)[Instances];
        for (var i = 0; i < Instances; i++)
        {
            var id = "customer-" + i;
            var secret = NewSecret();
            await host.DeployAsync(id, "greeting", webhookSecret: secret, refresh: i == Instances - 1);
            requests[i] = (id, Request(secret, clock.GetUtcNow(), "msg_" + i));
        }

        var body = System.Text.Encoding.UTF8.GetBytes(Body);
        var fewest = long.MaxValue;
        for (var round = 0; round < 5; round++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < Messages; i++)
            {
                var (id, request) = requests[i % Instances];
                var binding = resolver.Resolve("greeting", id) ?? throw new InvalidOperationException($"{id} not found");
                var verified = resolver.Precheck(request, binding) ? resolver.VerifyAsync(request, binding, body) : ValueTask.FromResult(false);

                // The keys are cached after the first round, so the check completes without waiting (on this thread).
                if (round > 0 && !verified.IsCompletedSuccessfully)
                {
                    throw new InvalidOperationException("a check waited once the keys were cached");
                }

                if (!await verified)
                {
                    throw new InvalidOperationException($"{id} refused its own signature");
                }
            }

            // The first round decrypts the secrets and decodes the keys; the fewest of the warm rounds is the cost.
            if (round > 0)
            {
                fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
            }
        }

        output.WriteLine($"routing and verification: {(double)fewest / Messages:F1} bytes per message (fewest of four warm rounds of {Messages})");

        // Nothing per message: no object kept between the check before the body and the one after, no key bytes, no
        // signed-content copy, no header strings. A few bytes in all allow for a recompilation during a round.
        Assert.True(fewest <= 1024, $"{fewest} bytes for {Messages} messages");
    }

    private static async Task<bool> VerifyAsync(IFlowWebhookInstanceResolver resolver, TimeProvider clock, string secret)
    {
        var request = Request(secret, clock.GetUtcNow(), "msg_" + Guid.NewGuid().ToString("N"));
        var binding = resolver.Resolve("greeting", "acme")!;
        return resolver.Precheck(request, binding) && await resolver.VerifyAsync(request, binding, System.Text.Encoding.UTF8.GetBytes(Body));
    }

    /// <summary>A request as a Standard Webhooks sender signs it, with the vendor's own library.</summary>
    private static DefaultHttpContext Request(string secret, DateTimeOffset at, string messageId)
    {
        var context = new DefaultHttpContext();
        context.Request.Headers["webhook-id"] = messageId;
        context.Request.Headers["webhook-timestamp"] = at.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        context.Request.Headers["webhook-signature"] = new StandardWebhooks.StandardWebhook(secret).Sign(messageId, at, Body);
        return context;
    }
}
