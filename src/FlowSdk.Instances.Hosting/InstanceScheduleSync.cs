using FlowSdk.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FlowSdk.Instances.Hosting;

/// <summary>
/// Keeps one <see cref="FlowScheduleRegistry"/> schedule per enabled instance of a schedule flow, from the catalog:
/// its <see cref="FlowInstance.Schedule"/> or else the flow's own cron, in the flow's time zone. Instances deployed,
/// changed, disabled or deleted at run time are followed as the catalog sees them.
/// </summary>
internal sealed partial class InstanceScheduleSync : IHostedService, IDisposable
{
    private readonly FlowScheduleRegistry _registry;
    private readonly InstanceCatalog _catalog;
    private readonly InstanceBindings _bindings;
    private readonly FlowInstancesHostingOptions _options;
    private readonly ILogger<InstanceScheduleSync> _logger;
    private readonly Dictionary<string, (ScheduleTriggerAttribute Trigger, bool Configured)> _flows = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Applied> _applied = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public InstanceScheduleSync(FlowRuntime runtime, FlowScheduleRegistry registry, InstanceCatalog catalog, InstanceBindings bindings, IOptions<FlowInstancesHostingOptions> options, ILogger<InstanceScheduleSync> logger)
    {
        _registry = registry;
        _catalog = catalog;
        _bindings = bindings;
        _options = options.Value;
        _logger = logger;
        foreach (var runner in runtime.Runners)
        {
            if (runner.Definition.Triggers.OfType<ScheduleTriggerAttribute>().FirstOrDefault(t => runner.Definition.PayloadTypeOf(t) == typeof(ScheduledTick)) is { } trigger)
            {
                _flows[runner.Definition.Name] = (trigger, runner.Definition.ConfigurationType is not null);
            }
        }
    }

    /// <summary>The registry key of an instance's schedule.</summary>
    internal static string Key(string instanceId) => "instance:" + instanceId;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!_options.RunInstanceSchedules)
        {
            return Task.CompletedTask;
        }

        foreach (var (flowName, flow) in _flows)
        {
            if (flow.Configured && _options.SuspendDefaultSchedulesOfConfiguredFlows)
            {
                _registry.SuspendAttributeSchedules(flowName);
            }
        }

        // Subscribe first, then read the snapshot: a change in between is seen twice, and versions make that harmless.
        _catalog.Changed += OnChanged;
        foreach (var flowName in _flows.Keys)
        {
            foreach (var instance in _catalog.GetByFlow(flowName))
            {
                Apply(instance.Id, instance.Version, instance);
            }
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _catalog.Changed -= OnChanged;
        return Task.CompletedTask;
    }

    public void Dispose() => _catalog.Changed -= OnChanged;

    private void OnChanged(object? sender, InstanceChangeSet changes)
    {
        foreach (var change in changes.Changes)
        {
            Apply(change.InstanceId, change.Version, change.Instance);
        }
    }

    private void Apply(string instanceId, long version, FlowInstance? instance)
    {
        lock (_gate)
        {
            var known = _applied.TryGetValue(instanceId, out var applied);
            if (known && applied.Version >= version)
            {
                return;
            }

            string? cron = null;
            if (instance is { Enabled: true } && _flows.TryGetValue(instance.FlowName, out var flow))
            {
                cron = string.IsNullOrWhiteSpace(instance.Schedule) ? flow.Trigger.Cron : instance.Schedule;
                if (!known || applied.Cron != cron || applied.FlowName != instance.FlowName)
                {
                    try
                    {
                        _registry.Set(Key(instanceId), instance.FlowName, cron, flow.Trigger.TimeZone, _bindings.Get(instance), flow.Trigger.AllowOverlap);
                        LogScheduled(instance.FlowName, instanceId, cron);
                    }
                    catch (InvalidOperationException e)
                    {
                        cron = null;
                        _registry.Remove(Key(instanceId));
                        LogInvalid(instance.FlowName, instanceId, e);
                    }
                }
            }
            else if (known && applied.Cron is not null)
            {
                _registry.Remove(Key(instanceId));
                LogUnscheduled(instanceId);
            }

            // A deleted instance keeps its version here, so an older change seen late cannot bring its schedule back.
            _applied[instanceId] = new Applied(version, cron, instance?.FlowName);
        }
    }

    private readonly record struct Applied(long Version, string? Cron, string? FlowName);

    [LoggerMessage(4090, LogLevel.Debug, "Flow {FlowName} instance {InstanceId} scheduled on '{Cron}'")]
    private partial void LogScheduled(string flowName, string instanceId, string cron);

    [LoggerMessage(4091, LogLevel.Debug, "Instance {InstanceId} no longer scheduled")]
    private partial void LogUnscheduled(string instanceId);

    [LoggerMessage(4092, LogLevel.Error, "Flow {FlowName} instance {InstanceId}: its schedule cannot run")]
    private partial void LogInvalid(string flowName, string instanceId, Exception exception);
}
