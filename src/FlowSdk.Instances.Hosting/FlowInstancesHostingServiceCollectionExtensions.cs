using System.Diagnostics.CodeAnalysis;
using FlowSdk;
using FlowSdk.Hosting;
using FlowSdk.Instances;
using FlowSdk.Instances.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Wires instances into the flow host.</summary>
public static class FlowInstancesHostingServiceCollectionExtensions
{
    /// <summary>
    /// Runs the instances of <see cref="InstanceCatalog"/> in the flow host (call it next to <c>AddFlows()</c> and
    /// <c>AddFlowInstances(...)</c>, in any order): executions get their instance's typed configuration; every enabled
    /// instance of a schedule flow fires on its own schedule (its <see cref="FlowInstance.Schedule"/> or the flow's cron)
    /// through the host's one scheduler; <see cref="IFlowInstancePublisher{TFlow, TPayload}"/> publishes to an instance;
    /// every instance execution is recorded in <see cref="IExecutionHistory"/>; failed instance executions go to
    /// <see cref="IDeadLetterStore"/> with their JSON payload (and on to the dead-letter sink registered before this
    /// call); <see cref="IDeadLetterReplayer"/> replays them. Map the signed per-instance webhook routes with
    /// <c>app.MapFlowInstanceWebhooks()</c>. Calling it again has no further effect.
    /// </summary>
    public static IServiceCollection AddFlowInstancesHosting(this IServiceCollection services, Action<FlowInstancesHostingOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (configure is not null)
        {
            services.Configure(configure);
        }

        if (services.Any(d => d.ServiceType == typeof(InstancesHostingMarker)))
        {
            return services;
        }

        services.AddSingleton<InstancesHostingMarker>();
        services.AddFlowHosting();
        services.AddOptions<FlowInstancesHostingOptions>();
        services.TryAddSingleton<InstanceBindings>();
        services.TryAdd(ServiceDescriptor.Singleton(typeof(IFlowInstancePublisher<,>), typeof(FlowInstancePublisher<,>)));
        services.TryAddSingleton<InstancePayloadSerializer>();
        services.TryAddSingleton<IDeadLetterReplayer, InstanceDeadLetterReplayer>();
        services.TryAddSingleton<IFlowInstanceResolver, InstanceResolver>();

        // Stored payloads are written and read with the options webhooks and dead letters use, unless set explicitly.
        services.AddOptions<FlowDurabilityOptions>().Configure<InstancePayloadSerializer>((durability, serializer) => durability.PayloadSerializerOptions ??= serializer.Options);

        // History: the listener only queues; the writer stores. Inserted first so it stops last, after the runners drained.
        services.TryAddSingleton<InstanceExecutionRecorder>();
        services.AddSingleton<IFlowExecutionListener>(sp => sp.GetRequiredService<InstanceExecutionRecorder>());
        services.Insert(0, ServiceDescriptor.Singleton<IHostedService>(sp => sp.GetRequiredService<InstanceExecutionRecorder>()));

        DecorateDeadLetterSink(services);
        services.AddHostedService<InstanceScheduleSync>();
        return services;
    }

    /// <summary>Instance dead letters go to the store, then on to the sink that was registered (by default the in-memory one).</summary>
    private static void DecorateDeadLetterSink(IServiceCollection services)
    {
        var inner = services.LastOrDefault(d => d.ServiceType == typeof(IFlowDeadLetterSink));
        services.RemoveAll<IFlowDeadLetterSink>();
        services.AddSingleton<IFlowDeadLetterSink>(sp => ActivatorUtilities.CreateInstance<InstanceDeadLetterSink>(sp, Resolve(sp, inner)));
    }

    [UnconditionalSuppressMessage("Trimming", "IL2072", Justification = "The inner sink's descriptor was registered with its constructor preserved by AddFlowDeadLetterSink or AddFlowHosting.")]
    private static IFlowDeadLetterSink Resolve(IServiceProvider services, ServiceDescriptor? descriptor) => descriptor switch
    {
        null => services.GetRequiredService<InMemoryFlowDeadLetterSink>(),
        { ImplementationInstance: IFlowDeadLetterSink instance } => instance,
        { ImplementationFactory: { } factory } => (IFlowDeadLetterSink)factory(services),
        { ImplementationType: { } type } => (IFlowDeadLetterSink)ActivatorUtilities.GetServiceOrCreateInstance(services, type),
        _ => services.GetRequiredService<InMemoryFlowDeadLetterSink>(),
    };

    private sealed class InstancesHostingMarker
    {
    }
}
