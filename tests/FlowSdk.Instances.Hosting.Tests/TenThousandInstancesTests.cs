using System.Net;
using System.Text;
using System.Text.Json;
using FlowSdk.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Xunit.Abstractions;

namespace FlowSdk.Instances.Hosting.Tests;

/// <summary>Issue-level acceptance: one worker, ten thousand deployed instances of one webhook flow.</summary>
public sealed class TenThousandInstancesTests(ITestOutputHelper output)
{
    private const int Instances = 10_000;
    private const int Flood = 2_000;

    private static string Id(int i) => $"customer-{i:D5}";

    // A Standard Webhooks secret per instance, the same on every run.
    private static string Secret(int i) => "whsec_" + Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes($"customer-{i}")));

    private static HttpRequestMessage Signed(string instanceId, int number, string secret) =>
        InstanceWebhookTests.Signed(instanceId, $$"""{"number":{{number}}}""", secret);

    [Fact]
    public async Task Each_webhook_reaches_its_instances_configuration_bad_signatures_are_refused_and_a_small_instance_stays_responsive_under_a_flood()
    {
        var store = new MemoryInstanceStore();
        for (var i = 0; i < Instances; i++)
        {
            await store.DeployAsync(new InstanceDeployment
            {
                Id = Id(i),
                FlowName = "greeting",
                Enabled = true,
                ConfigurationJson = $$"""{"greeting":"hello {{i}}"}""",
                Secrets = new Dictionary<string, string> { ["webhook-secret"] = Secret(i) },
            });
        }

        await using var host = await InstanceHost.StartAsync(s =>
        {
            s.RemoveAll<IInstanceStore>().AddSingleton<IInstanceStore>(store);
            s.RemoveAll<IExecutionHistory>().AddSingleton<IExecutionHistory>(new CountingHistory());
            s.Configure<FlowOptions>("greeting", o =>
            {
                o.Capacity = 4 * Flood;

                // One consumer, so executions finish in the order the lanes hand them out: with several, the consumer
                // holding the small instance's message can be descheduled on a loaded machine while the others finish
                // hundreds of the flood's.
                o.MaxConcurrency = 1;
            });
        });
        await host.Catalog.WaitForVersionAsync(Instances).WaitAsync(Recorder.Timeout);
        Assert.Equal(Instances, host.Catalog.Count);

        // Routing: signed webhooks to a spread of instances each run with that instance's configuration.
        var sample = Enumerable.Range(0, 100).Select(k => (k * 9973) % Instances).ToArray();
        var expected = new Dictionary<Guid, (string Instance, string Greeting)>();
        foreach (var i in sample)
        {
            var response = await host.Client.SendAsync(Signed(Id(i), i, Secret(i)));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            var id = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("executionId").GetGuid();
            expected[id] = (Id(i), $"hello {i}");
        }

        await host.Recorder.When(null, sample.Length);
        var seen = host.Recorder.Seen.ToDictionary(s => s.ExecutionId);
        foreach (var (executionId, (instance, greeting)) in expected)
        {
            Assert.Equal(instance, seen[executionId].InstanceId);
            Assert.Equal(greeting, ((GreetingConfig)seen[executionId].Configuration!).Greeting);
        }

        // Bad signatures: another instance's key, or a body signed for another content.
        var foreign = await host.Client.SendAsync(Signed(Id(42), 1, Secret(43)));
        Assert.Equal(HttpStatusCode.Unauthorized, foreign.StatusCode);
        Assert.Equal(sample.Length, host.Recorder.Total);

        // Flood: a large instance's backlog is accepted while the consumers are held; then one small request arrives.
        var large = Id(1);
        var small = Id(9_999);
        var largeWhenSmallDone = -1;
        var smallDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        host.Recorder.OnRecord = s =>
        {
            if (s.InstanceId == small)
            {
                largeWhenSmallDone = host.Recorder.Count(large);
                smallDone.TrySetResult();
            }
        };
        host.Recorder.Gate();
        using (var senders = new SemaphoreSlim(8))
        {
            var posts = Enumerable.Range(0, Flood).Select(async n =>
            {
                await senders.WaitAsync();
                try
                {
                    using var response = await host.Client.SendAsync(Signed(large, n, Secret(1)));
                    return response.StatusCode;
                }
                finally
                {
                    senders.Release();
                }
            });
            Assert.All(await Task.WhenAll(posts), status => Assert.Equal(HttpStatusCode.Accepted, status));
        }

        var smallResponse = await host.Client.SendAsync(Signed(small, 7, Secret(9_999)));
        Assert.Equal(HttpStatusCode.Accepted, smallResponse.StatusCode);
        var released = System.Diagnostics.Stopwatch.StartNew();
        host.Recorder.Release();
        await smallDone.Task.WaitAsync(Recorder.Timeout);
        var smallLatency = released.Elapsed;
        await host.Recorder.When(large, Flood);

        output.WriteLine($"{Instances} instances: the small instance's execution finished {smallLatency.TotalMilliseconds:F1} ms after release, when {largeWhenSmallDone} of the large instance's {Flood} had completed");
        Assert.True(largeWhenSmallDone < Flood / 5, $"the large instance had completed {largeWhenSmallDone} of {Flood} before the small one's single message");
    }
}
