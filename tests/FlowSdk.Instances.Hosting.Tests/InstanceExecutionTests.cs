using FlowSdk.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace FlowSdk.Instances.Hosting.Tests;

public sealed class InstanceExecutionTests
{
    [Fact]
    public async Task Each_instance_runs_the_one_pipeline_with_its_own_typed_configuration()
    {
        await using var host = await InstanceHost.StartAsync();
        await host.DeployAsync("acme", "greeting", "Hello from Acme");
        await host.DeployAsync("globex", "greeting", "Hi from Globex");
        var publisher = host.Services.GetRequiredService<IFlowInstancePublisher<GreetingFlow, Order>>();

        var acme = await publisher.PublishAsync("acme", new Order(1));
        Assert.True(publisher.TryPublish("globex", new Order(2), out var globex));
        await host.Recorder.When(null, 2);

        var seen = host.Recorder.Seen.ToDictionary(s => s.ExecutionId);
        Assert.Equal(("acme", "Hello from Acme", 1), (seen[acme].InstanceId, ((GreetingConfig)seen[acme].Configuration!).Greeting, ((Order)seen[acme].Payload).Number));
        Assert.Equal(("globex", "Hi from Globex", 2), (seen[globex].InstanceId, ((GreetingConfig)seen[globex].Configuration!).Greeting, ((Order)seen[globex].Payload).Number));
    }

    [Fact]
    public async Task The_configuration_is_deserialised_once_per_instance_version_not_per_message()
    {
        await using var host = await InstanceHost.StartAsync();
        var v1 = await host.DeployAsync("acme", "greeting", "one");
        var publisher = host.Services.GetRequiredService<IFlowInstancePublisher<GreetingFlow, Order>>();
        for (var i = 0; i < 50; i++)
        {
            await publisher.PublishAsync("acme", new Order(i));
        }

        await host.Recorder.When("acme", 50);
        var first = host.Recorder.Seen.Select(s => s.Configuration).Distinct(ReferenceEqualityComparer.Instance).ToList();

        var v2 = await host.Manager.UpdateAsync("acme", new InstanceUpdate { ConfigurationJson = """{"greeting":"two"}""" });
        await host.SeeAsync(v2.Version);
        for (var i = 0; i < 50; i++)
        {
            await publisher.PublishAsync("acme", new Order(i));
        }

        await host.Recorder.When("acme", 100);
        var all = host.Recorder.Seen.Select(s => s.Configuration).Distinct(ReferenceEqualityComparer.Instance).ToList();

        Assert.True(v2.Version > v1.Version);
        Assert.Single(first);
        Assert.Equal(2, all.Count);
        Assert.Equal(["one", "two"], all.Select(c => ((GreetingConfig)c!).Greeting));
    }

    [Fact]
    public async Task A_change_made_through_the_store_reaches_new_executions_after_one_catalog_poll_while_an_in_flight_one_keeps_its_configuration()
    {
        // The catalog polls on a fake clock, so "one poll interval later" holds whatever the machine's load.
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var host = await InstanceHost.StartAsync(time: time);
        var pollInterval = host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<InstanceCatalogOptions>>().Value.PollInterval;
        await host.DeployAsync("acme", "greeting", "before");
        var publisher = host.Services.GetRequiredService<IFlowInstancePublisher<GreetingFlow, Order>>();

        host.Recorder.Gate();
        var inFlight = await publisher.PublishAsync("acme", new Order(1));
        await host.Recorder.Entered.When("acme", 1);

        // Written straight to the store; only the catalog's own change-feed poll brings it to this node.
        var changed = await host.Services.GetRequiredService<IInstanceStore>().UpdateAsync("acme", new InstanceUpdate { ConfigurationJson = """{"greeting":"after"}""" });
        time.Advance(pollInterval);
        await host.Catalog.WaitForVersionAsync(changed.Version).WaitAsync(Recorder.Timeout);
        var next = await publisher.PublishAsync("acme", new Order(2));
        host.Recorder.Release();
        await host.Recorder.When("acme", 2);

        var seen = host.Recorder.Seen.ToDictionary(s => s.ExecutionId, s => ((GreetingConfig)s.Configuration!).Greeting);
        Assert.Equal("before", seen[inFlight]);
        Assert.Equal("after", seen[next]);
        Assert.True(pollInterval < TimeSpan.FromSeconds(1), $"the catalog polls every {pollInterval}, so a change can take longer than a second to arrive");
    }

    [Fact]
    public async Task Unknown_disabled_deleted_and_foreign_instances_get_no_new_executions()
    {
        await using var host = await InstanceHost.StartAsync();
        await host.DeployAsync("acme", "greeting");
        await host.DeployAsync("off", "greeting", enabled: false);
        await host.DeployAsync("gone", "greeting");
        await host.DeployAsync("ticker", "ticking");
        await host.Manager.DeleteAsync("gone");
        await host.SeeAsync(await host.Manager.Store.GetVersionAsync());
        var publisher = host.Services.GetRequiredService<IFlowInstancePublisher<GreetingFlow, Order>>();

        foreach (var id in new[] { "nobody", "off", "gone", "ticker" })
        {
            await Assert.ThrowsAsync<InstanceNotFoundException>(async () => await publisher.PublishAsync(id, new Order(1)));
            Assert.Throws<InstanceNotFoundException>(() => publisher.TryPublish(id, new Order(1)));
        }

        var disabled = await host.Manager.SetEnabledAsync("acme", enabled: false);
        await host.SeeAsync(disabled.Version);
        Assert.Throws<InstanceNotFoundException>(() => publisher.TryPublish("acme", new Order(1)));
        Assert.Equal(0, host.Recorder.Total);
    }

    [Fact]
    public async Task A_per_instance_concurrency_cap_holds_one_instance_to_its_share_while_another_runs_beside_it()
    {
        await using var host = await InstanceHost.StartAsync(s => s.Configure<FlowOptions>("greeting", o => o.Instances.MaxConcurrencyPerInstance = 1));
        await host.DeployAsync("acme", "greeting");
        await host.DeployAsync("globex", "greeting");
        var publisher = host.Services.GetRequiredService<IFlowInstancePublisher<GreetingFlow, Order>>();
        var runner = host.Services.GetRequiredService<FlowRuntime>().GetRunner("greeting");

        host.Recorder.Gate();
        for (var i = 0; i < 5; i++)
        {
            await publisher.PublishAsync("acme", new Order(i));
        }

        await publisher.PublishAsync("globex", new Order(100));

        // Four consumers, but acme may hold only one of them: acme's first and globex's one run, acme's other four wait.
        await host.Recorder.Entered.When("globex", 1);
        await host.Recorder.Entered.When("acme", 1);
        Assert.Equal(2, runner.InFlight);
        Assert.Equal(1, host.Recorder.Entered.Of("acme"));
        host.Recorder.Release();
        await host.Recorder.When(null, 6);
        Assert.Equal(1, host.Recorder.Peak("acme"));
        Assert.Equal(1, host.Recorder.Peak("globex"));
    }

    [Fact]
    public async Task In_memory_a_full_instance_lane_refuses_only_that_instance()
    {
        await using var host = await InstanceHost.StartAsync(s => s.Configure<FlowOptions>("greeting", o =>
        {
            o.Durable = false;
            o.MaxConcurrency = 1;
            o.Instances.CapacityPerInstance = 2;
        }));
        await host.DeployAsync("acme", "greeting");
        await host.DeployAsync("globex", "greeting");
        var publisher = host.Services.GetRequiredService<IFlowInstancePublisher<GreetingFlow, Order>>();
        var runner = host.Services.GetRequiredService<FlowRuntime>().GetRunner("greeting");

        host.Recorder.Gate();
        Assert.True(publisher.TryPublish("acme", new Order(1)));
        await host.Recorder.Entered.When("acme", 1);
        Assert.True(publisher.TryPublish("acme", new Order(2)));
        Assert.True(publisher.TryPublish("acme", new Order(3)));
        Assert.False(publisher.TryPublish("acme", new Order(4), out var refused));
        Assert.Equal(Guid.Empty, refused);
        Assert.True(publisher.TryPublish("globex", new Order(5)));

        // PublishAsync waits for room in the lane instead of refusing.
        var waiting = publisher.PublishAsync("acme", new Order(6)).AsTask();
        Assert.False(waiting.IsCompleted);
        host.Recorder.Release();
        await waiting.WaitAsync(Recorder.Timeout);
        await host.Recorder.When(null, 5);
        Assert.DoesNotContain(host.Recorder.Seen, s => ((Order)s.Payload).Number == 4);
    }
}
