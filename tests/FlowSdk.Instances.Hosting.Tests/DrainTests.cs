using FlowSdk.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FlowSdk.Instances.Hosting.Tests;

public sealed class DrainTests
{
    [Fact]
    public async Task In_memory_on_stop_queued_instance_messages_are_drained_and_all_of_them_reach_the_history()
    {
        await using var host = await InstanceHost.StartAsync(s => s.Configure<FlowOptions>("greeting", o =>
        {
            o.MaxConcurrency = 1;
            o.Durable = false;
        }));
        await host.DeployAsync("acme", "greeting");
        await host.DeployAsync("globex", "greeting");
        var publisher = host.Services.GetRequiredService<IFlowInstancePublisher<GreetingFlow, Order>>();

        host.Recorder.Gate();
        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(await publisher.PublishAsync("acme", new Order(i)));
            ids.Add(await publisher.PublishAsync("globex", new Order(10 + i)));
        }

        await host.Recorder.Entered.When(null, 1);
        var stopping = host.StopAsync();
        host.Recorder.Release();
        await stopping.WaitAsync(Recorder.Timeout);

        Assert.Equal(6, host.Recorder.Total);
        var history = host.Services.GetRequiredService<IExecutionHistory>();
        foreach (var id in ids)
        {
            Assert.Equal(ExecutionOutcome.Completed, (await history.GetExecutionAsync(id))?.Outcome);
        }

        Assert.Empty(host.Services.GetRequiredService<InMemoryFlowDeadLetterSink>().Snapshot());
    }

    [Fact]
    public async Task In_memory_past_the_shutdown_timeout_instance_messages_still_in_their_lanes_are_dead_lettered_per_instance_not_lost()
    {
        await using var host = await InstanceHost.StartAsync(s => s
            .Configure<FlowOptions>("greeting", o =>
            {
                o.MaxConcurrency = 1;
                o.Durable = false;
            })
            .Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromMilliseconds(200)));
        await host.DeployAsync("acme", "greeting");
        await host.DeployAsync("globex", "greeting");
        var publisher = host.Services.GetRequiredService<IFlowInstancePublisher<GreetingFlow, Order>>();

        host.Recorder.Gate();
        var ids = new List<Guid> { await publisher.PublishAsync("acme", new Order(1)) };
        await host.Recorder.Entered.When("acme", 1);
        ids.Add(await publisher.PublishAsync("acme", new Order(2)));
        ids.Add(await publisher.PublishAsync("globex", new Order(3)));

        await host.StopAsync().WaitAsync(Recorder.Timeout);

        var plain = host.Services.GetRequiredService<InMemoryFlowDeadLetterSink>().Snapshot();
        Assert.Equal(ids.Order(), plain.Select(l => l.ExecutionId).Order());
        Assert.All(plain, l => Assert.IsType<FlowAbandonedException>(l.Exception));
        var stored = await host.Services.GetRequiredService<IDeadLetterStore>().QueryDeadLettersAsync(new DeadLetterQuery());
        Assert.Equal(ids.Order(), stored.Select(l => l.ExecutionId).Order());
        Assert.Equal(["acme", "acme", "globex"], stored.Select(l => l.InstanceId).Order());
        Assert.Equal(0, host.Recorder.Total);
    }
}
