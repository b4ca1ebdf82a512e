using System.Collections.Concurrent;
using FlowSdk.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FlowSdk.OpenTelemetry.Tests;

/// <summary>Lets a test wait for a given execution to finish: a signal, never a sleep.</summary>
public sealed class ExecutionSignals : IFlowExecutionListener
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private readonly ConcurrentDictionary<Guid, TaskCompletionSource<FlowOutcome>> _finished = new();

    public void OnExecutionFinished(in FlowExecutionReport report) => Source(report.ExecutionId).TrySetResult(report.Outcome);

    /// <summary>Completes with the outcome once the execution finished (its span has ended by then).</summary>
    public Task<FlowOutcome> WhenFinished(Guid executionId) => Source(executionId).Task.WaitAsync(Timeout);

    private TaskCompletionSource<FlowOutcome> Source(Guid executionId) =>
        _finished.GetOrAdd(executionId, static _ => new TaskCompletionSource<FlowOutcome>(TaskCreationOptions.RunContinuationsAsynchronously));
}

public static class TestHost
{
    /// <summary>A worker host with this assembly's flows, an <see cref="ExecutionSignals"/> listener and no configuration files.</summary>
    public static async Task<IHost> StartAsync(ExecutionSignals signals, Action<IServiceCollection> configure)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = Environments.Development });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IFlowExecutionListener>(signals);
        builder.Services.AddFlows();
        configure(builder.Services);
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }
}

public static class StepTelemetryServiceCollectionExtensions
{
    /// <summary>Turns on step telemetry (<see cref="FlowOptions.StepTelemetry"/>) for the test flow.</summary>
    public static IServiceCollection WithStepTelemetry(this IServiceCollection services) =>
        services.Configure<FlowOptions>("otel-orders", options => options.StepTelemetry = true);
}
