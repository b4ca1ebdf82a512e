using System.Threading.Channels;
using FlowSdk.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FlowSdk.Benchmarks.Hosted;

/// <summary>
/// What the hosted benchmarks share: <see cref="HostedFlow"/> running in the FlowSdk runtime with a given capacity and
/// consumer count, and the hand-written <see cref="Channel{T}"/> loop they compare it with.
/// </summary>
public sealed class HostedFixture : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly IHostedService[] _hosted;

    private HostedFixture(ServiceProvider services)
    {
        _services = services;
        _hosted = [.. services.GetServices<IHostedService>()];
        Publisher = services.GetRequiredService<IFlowPublisher<HostedFlow, long>>();
        Flow = services.GetRequiredService<HostedFlow>();
    }

    public IFlowPublisher<HostedFlow, long> Publisher { get; }

    public HostedFlow Flow { get; }

    /// <summary>Starts the host of the flow (<c>AddFlowHosting</c> + <c>AddFlow</c>) with its queue of <paramref name="capacity"/>.</summary>
    public static async Task<HostedFixture> StartAsync(Tally tally, int capacity, int consumers)
    {
        var services = new ServiceCollection();
        services.AddSingleton(tally);
        services.AddFlowHosting();
        services.AddFlow<HostedFlow, long, long>(HostedFlow.Definition);
        services.Configure<FlowOptions>("hosted-five", options =>
        {
            options.Capacity = capacity;
            options.MaxConcurrency = consumers;
        });
        var fixture = new HostedFixture(services.BuildServiceProvider());
        foreach (var hosted in fixture._hosted)
        {
            await hosted.StartAsync(CancellationToken.None).ConfigureAwait(false);
        }

        return fixture;
    }

    /// <summary>The hand-written loop's channel: the same shape as the host's (bounded, waiting writers, no inline continuations).</summary>
    public static Channel<long> NewChannel(int capacity, int consumers) => Channel.CreateBounded<long>(new BoundedChannelOptions(capacity)
    {
        FullMode = BoundedChannelFullMode.Wait,
        SingleReader = consumers == 1,
        SingleWriter = false,
        AllowSynchronousContinuations = false,
    });

    /// <summary>One consumer of the hand-written loop: the flow's steps called by hand for every message read.</summary>
    public static async Task ConsumeByHandAsync(ChannelReader<long> reader, HostedFlow flow)
    {
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out var value))
            {
                flow.RunByHand(value);
            }
        }
    }

    /// <summary>No variant may win by computing less than the baseline.</summary>
    public static void Check(string name, long actual, long expected)
    {
        if (actual != expected)
        {
            throw new InvalidOperationException($"{name} computed {actual}, the hand-written loop {expected}.");
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var hosted in _hosted.Reverse())
        {
            await hosted.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }

        await _services.DisposeAsync().ConfigureAwait(false);
    }
}
